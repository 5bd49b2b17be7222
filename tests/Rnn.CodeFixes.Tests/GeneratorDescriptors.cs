using System;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Rnn.Generators;

namespace Rnn.CodeFixes.Tests
{
    /// <summary>The generator's descriptors (Rnn.Generators.DiagnosticDescriptors is internal, so they are read by reflection).</summary>
    internal static class GeneratorDescriptors
    {
        public static readonly ImmutableArray<DiagnosticDescriptor> All = Read();

        private static ImmutableArray<DiagnosticDescriptor> Read()
        {
            var type = typeof(RnnGenerator).Assembly.GetType("Rnn.Generators.DiagnosticDescriptors", throwOnError: true)!;
            var field = type.GetField("All", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException("Rnn.Generators.DiagnosticDescriptors.All not found.");
            return ImmutableArray.Create((DiagnosticDescriptor[])field.GetValue(null)!);
        }
    }
}
