using System.Globalization;
using System.Text;

namespace Rnn.Generators.Layers
{
    /// <summary>Small formatting helpers for the lines descriptors and the emitter write. Culture-invariant.</summary>
    internal static class Code
    {
        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

        public static string Bool(bool value) => value ? "true" : "false";

        public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        public static string Activation(Rnn.Activation activation) => TypeNames.Activation + "." + activation;

        /// <summary><c>simple_rnn_1</c> → <c>simpleRnn1</c>, for local variables.</summary>
        public static string CamelCase(string snake)
        {
            var builder = new StringBuilder();
            bool upper = false;
            foreach (char c in snake)
            {
                if (c == '_') { upper = true; continue; }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return builder.ToString();
        }

        /// <summary><c>simple_rnn_1</c> → <c>SimpleRnn1</c>, for properties.</summary>
        public static string PascalCase(string snake)
        {
            string camel = CamelCase(snake);
            return camel.Length == 0 ? camel : char.ToUpperInvariant(camel[0]) + camel.Substring(1);
        }
    }
}
