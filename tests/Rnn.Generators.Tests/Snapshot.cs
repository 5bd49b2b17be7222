using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace Rnn.Generators.Tests
{
    /// <summary>
    /// Snapshot checks with Verify's file conventions: <c>Snapshots/{Class}.{Method}#{Name}.verified.{ext}</c> beside the
    /// test. A mismatch writes <c>.received.{ext}</c> and fails with a line diff. <c>RNN_ACCEPT_SNAPSHOTS=1</c> accepts,
    /// except under <c>CI=true</c>, where a missing verified file fails too.
    /// </summary>
    internal static class Snapshot
    {
        public static void Verify(string actual, string className, string fileName, [CallerFilePath] string callerPath = "")
        {
            string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
            string verified = Path.Combine(directory, className + "." + fileName.Replace("{state}", "verified"));
            string received = Path.Combine(directory, className + "." + fileName.Replace("{state}", "received"));
            actual = Normalize(actual);
            bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            bool accept = !ci && Environment.GetEnvironmentVariable("RNN_ACCEPT_SNAPSHOTS") == "1";

            string? expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
            if (expected == actual)
            {
                if (File.Exists(received)) File.Delete(received);
                return;
            }

            if (accept)
            {
                Directory.CreateDirectory(directory);
                File.WriteAllText(verified, actual);
                if (File.Exists(received)) File.Delete(received);
                return;
            }

            Directory.CreateDirectory(directory);
            File.WriteAllText(received, actual);
            if (expected is null)
                throw new XunitException($"No verified snapshot {verified}. Wrote {received}; review it and run with RNN_ACCEPT_SNAPSHOTS=1 to accept.");
            throw new XunitException($"Snapshot {verified} differs (- verified, + received). Wrote {received}.\n" + Diff(expected, actual)
                + "\nRun with RNN_ACCEPT_SNAPSHOTS=1 to accept.");
        }

        /// <summary>The placeholder that stands for the generator's version in snapshots.</summary>
        public const string VersionPlaceholder = "{version}";

        private static readonly System.Text.RegularExpressions.Regex GeneratedCodeVersion =
            new(@"(GeneratedCode\(""Rnn\.Generators"", "")[^""]*(""\))", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>Unix line ends, and the version in <c>[GeneratedCode]</c> scrubbed, so a version bump rewrites no snapshot.</summary>
        internal static string Normalize(string text) =>
            GeneratedCodeVersion.Replace(text.Replace("\r\n", "\n"), "${1}" + VersionPlaceholder + "${2}");

        /// <summary>A line diff from the longest common subsequence, showing changed lines with line numbers.</summary>
        internal static string Diff(string expected, string actual)
        {
            var a = expected.Split('\n');
            var b = actual.Split('\n');
            var lcs = new int[a.Length + 1, b.Length + 1];
            for (int i = a.Length - 1; i >= 0; i--)
                for (int j = b.Length - 1; j >= 0; j--)
                    lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            var sb = new StringBuilder();
            int x = 0, y = 0;
            while (x < a.Length || y < b.Length)
            {
                if (x < a.Length && y < b.Length && a[x] == b[y]) { x++; y++; }
                else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y])) sb.Append($"+{y + 1,5}: {b[y++]}\n");
                else sb.Append($"-{x + 1,5}: {a[x++]}\n");
            }
            return sb.ToString();
        }
    }
}
