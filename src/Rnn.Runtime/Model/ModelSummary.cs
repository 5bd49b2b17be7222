using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rnn
{
    /// <summary>Formats a Keras-style model summary table.</summary>
    public static class ModelSummary
    {
        private const int NameWidth = 33, ShapeWidth = 24, ParamWidth = 15;

        /// <summary>
        /// Formats the summary of model <paramref name="modelName"/> with one row per layer, as Keras's <c>model.summary()</c> does:
        /// <c>Layer (type) | Output Shape | Param #</c>, then the totals with their size in float32.
        /// </summary>
        public static string Format(string modelName, IReadOnlyList<LayerInfo> layers)
        {
            var sb = new StringBuilder();
            sb.Append("Model: \"").Append(modelName).Append("\"\n");
            AppendTable(sb, layers);
            AppendTotals(sb, layers.Sum(l => l.ParameterCount));
            return sb.ToString();
        }

        /// <summary>
        /// Formats the summary of the encoder–decoder <paramref name="modelName"/>: under its heading, the encoder's table
        /// and the decoder's, each headed with its name, then the totals of the whole model.
        /// </summary>
        /// <param name="modelName">The Seq2Seq model's name.</param>
        /// <param name="encoderName">The encoder model's name.</param>
        /// <param name="encoder">The encoder's layers.</param>
        /// <param name="decoderName">The decoder model's name.</param>
        /// <param name="decoder">The decoder's layers.</param>
        public static string Format(string modelName, string encoderName, IReadOnlyList<LayerInfo> encoder, string decoderName, IReadOnlyList<LayerInfo> decoder)
        {
            ArgumentNullException.ThrowIfNull(encoder);
            ArgumentNullException.ThrowIfNull(decoder);
            var sb = new StringBuilder();
            sb.Append("Model: \"").Append(modelName).Append("\"\n");
            sb.Append("Encoder: \"").Append(encoderName).Append("\"\n");
            AppendTable(sb, encoder);
            sb.Append("Decoder: \"").Append(decoderName).Append("\"\n");
            AppendTable(sb, decoder);
            AppendTotals(sb, encoder.Sum(l => l.ParameterCount) + decoder.Sum(l => l.ParameterCount));
            return sb.ToString();
        }

        /// <summary>The table: its header, one row per layer, and its bottom rule.</summary>
        private static void AppendTable(StringBuilder sb, IReadOnlyList<LayerInfo> layers)
        {
            sb.Append(Rule('┏', '━', '┳', '┓'));
            sb.Append(Row('┃', "Layer (type)", "Output Shape", "Param #"));
            sb.Append(Rule('┡', '━', '╇', '┩'));
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                sb.Append(Row('│', $"{layer.Name} ({layer.Kind})", layer.OutputShape.ToString(), Count(layer.ParameterCount)));
                sb.Append(i < layers.Count - 1 ? Rule('├', '─', '┼', '┤') : Rule('└', '─', '┴', '┘'));
            }
            if (layers.Count == 0) sb.Append(Rule('└', '─', '┴', '┘'));
        }

        /// <summary>The totals with their size in float32.</summary>
        private static void AppendTotals(StringBuilder sb, long total)
        {
            sb.Append(" Total params: ").Append(Count(total)).Append(" (").Append(Size(total * 4)).Append(")\n");
            sb.Append(" Trainable params: ").Append(Count(total)).Append(" (").Append(Size(total * 4)).Append(")\n");
            sb.Append(" Non-trainable params: 0 (0.00 B)\n");
        }

        /// <summary>A count with thousands separators, e.g. <c>21,514</c>.</summary>
        public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>A byte size as Keras prints it, e.g. <c>84.04 KB</c>.</summary>
        public static string Size(long bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            double value = bytes;
            int unit = 0;
            while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
            return value.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[unit];
        }

        private static string Rule(char left, char fill, char join, char right) =>
            left + new string(fill, NameWidth + 2) + join + new string(fill, ShapeWidth + 2) + join + new string(fill, ParamWidth + 2) + right + "\n";

        private static string Row(char bar, string name, string shape, string param) =>
            $"{bar} {Fit(name, NameWidth)} {bar} {Fit(shape, ShapeWidth)} {bar} {param.PadLeft(ParamWidth)} {bar}\n";

        private static string Fit(string text, int width) => text.Length > width ? text.Substring(0, width - 1) + "…" : text.PadRight(width);
    }
}
