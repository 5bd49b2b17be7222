namespace Rnn
{
    /// <summary>Special dimension values for <see cref="InputAttribute"/>.</summary>
    public static class Dim
    {
        /// <summary>
        /// A time length that is not fixed: each batch has its own, shown as <c>None</c>, e.g.
        /// <c>[Input(Dim.Variable, 28)]</c> is <c>(None, None, 28)</c>.
        /// </summary>
        public const int Variable = -1;
    }
}
