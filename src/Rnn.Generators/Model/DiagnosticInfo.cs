using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Rnn.Generators.Model
{
    /// <summary>
    /// Where a diagnostic points: file path, span and line span, plus the tree (compared by reference, so it is equal
    /// across runs while its file is unchanged) to rebuild an in-source location that <c>#pragma warning</c> honours.
    /// The line span is only kept for a location outside any tree (default otherwise).
    /// </summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan, SyntaxTree? Tree)
    {
        public static LocationInfo? From(SyntaxNode? node) => node is null ? null : From(node.GetLocation());

        public static LocationInfo? From(SyntaxToken token) => From(token.GetLocation());

        public static LocationInfo? From(Location? location)
        {
            if (location is null || location == Location.None) return null;
            // In source the tree rebuilds the location, so no line span is computed: the parser runs for every model on
            // every edit, and a line span for every attribute argument was a large part of its cost in a profile.
            if (location.SourceTree is { } tree) return new LocationInfo(tree.FilePath, location.SourceSpan, default, tree);
            var line = location.GetLineSpan();
            return new LocationInfo(line.Path ?? string.Empty, location.SourceSpan, line.Span, location.SourceTree);
        }

        public Location ToLocation() => Tree is not null ? Location.Create(Tree, Span) : Location.Create(FilePath, Span, LineSpan);
    }

    /// <summary>
    /// An equatable diagnostic: descriptor, location, additional locations, message arguments, and span properties
    /// for code fixes (each written as <c>start:length</c> under its name).
    /// </summary>
    internal sealed record DiagnosticInfo(
        DiagnosticDescriptor Descriptor,
        LocationInfo? Location,
        EquatableArray<LocationInfo> AdditionalLocations,
        EquatableArray<string> Arguments,
        EquatableArray<ArgumentLocation> SpanProperties)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, LocationInfo? additional, params string[] arguments) =>
            new DiagnosticInfo(
                descriptor,
                location,
                additional is null ? EquatableArray<LocationInfo>.Empty : new EquatableArray<LocationInfo>(new[] { additional }),
                new EquatableArray<string>(arguments),
                EquatableArray<ArgumentLocation>.Empty);

        public Diagnostic ToDiagnostic() => Diagnostic.Create(
            Descriptor,
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            AdditionalLocations.Select(l => l.ToLocation()),
            SpanProperties.ToImmutableDictionary(
                p => p.Name,
                p => (string?)(p.Location.Span.Start.ToString(CultureInfo.InvariantCulture) + ":" + p.Location.Span.Length.ToString(CultureInfo.InvariantCulture))),
            Arguments.Cast<object>().ToArray());
    }
}
