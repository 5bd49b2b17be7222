using System;
using System.Collections.Immutable;
using System.Linq;
using Rnn.Generators.Model;

namespace Rnn.Generators
{
    /// <summary>
    /// Roslyn compares hint names without case, so models whose full names differ only in case (<c>N.M</c> and
    /// <c>N.m</c>, both valid C#) would clash in <c>AddSource</c>. Such models, and only they, get a suffix derived
    /// from the exact name; every other model keeps <see cref="HierarchyInfo.HintName"/>.
    /// </summary>
    internal static class HintNames
    {
        /// <summary>The hint names that another, different one equals without case, ordered; empty almost always.</summary>
        public static EquatableArray<string> CaseClashes(ImmutableArray<string> hintNames) =>
            hintNames.Distinct(StringComparer.Ordinal)
                .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Where(group => group.Count() > 1)
                .SelectMany(group => group)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToEquatableArray();

        /// <summary><paramref name="hintName"/>, or, when it is among <paramref name="caseClashes"/>, <c>{name}.{hash}.g.cs</c>.</summary>
        public static string For(string hintName, EquatableArray<string> caseClashes)
        {
            if (!caseClashes.Contains(hintName)) return hintName;
            const string Extension = ".g.cs";
            string stem = hintName.Substring(0, hintName.Length - Extension.Length);
            return stem + "." + Fnv1a(hintName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Extension;
        }

        /// <summary>FNV-1a over the UTF-16 code units: stable across runs and processes, unlike string.GetHashCode.</summary>
        private static uint Fnv1a(string text)
        {
            uint hash = 2166136261;
            foreach (char c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }
}
