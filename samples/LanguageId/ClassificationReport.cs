using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace LanguageIdSample
{
    /// <summary>Accuracy, per-class precision and recall, and the confusion matrix of predictions against true classes.</summary>
    public sealed class ClassificationReport
    {
        private readonly int[,] confusion;

        /// <summary>Counts each (true, predicted) pair.</summary>
        /// <exception cref="ArgumentException">The lists differ in length or hold a class outside 0..classes-1.</exception>
        public ClassificationReport(IReadOnlyList<string> classes, IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
        {
            ArgumentNullException.ThrowIfNull(classes);
            ArgumentNullException.ThrowIfNull(actual);
            ArgumentNullException.ThrowIfNull(predicted);
            if (actual.Count != predicted.Count)
                throw new ArgumentException($"ClassificationReport: {actual.Count} true classes but {predicted.Count} predictions.", nameof(predicted));
            Classes = classes;
            confusion = new int[classes.Count, classes.Count];
            for (int i = 0; i < actual.Count; i++)
            {
                if ((uint)actual[i] >= (uint)classes.Count || (uint)predicted[i] >= (uint)classes.Count)
                    throw new ArgumentException($"ClassificationReport: example {i} has class {actual[i]} predicted as {predicted[i]}; classes are 0..{classes.Count - 1}.");
                confusion[actual[i], predicted[i]]++;
            }
            Total = actual.Count;
        }

        /// <summary>The class names.</summary>
        public IReadOnlyList<string> Classes { get; }

        /// <summary>The number of examples.</summary>
        public int Total { get; }

        /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
        public int this[int actual, int predicted] => confusion[actual, predicted];

        /// <summary>The share of examples predicted correctly.</summary>
        public double Accuracy => Total == 0 ? 0 : Enumerable.Range(0, Classes.Count).Sum(c => confusion[c, c]) / (double)Total;

        /// <summary>Of the examples predicted as class <paramref name="c"/>, the share that are; 0 when none is.</summary>
        public double Precision(int c) => Ratio(confusion[c, c], Enumerable.Range(0, Classes.Count).Sum(a => confusion[a, c]));

        /// <summary>Of the examples of class <paramref name="c"/>, the share predicted as such; 0 when there is none.</summary>
        public double Recall(int c) => Ratio(confusion[c, c], Enumerable.Range(0, Classes.Count).Sum(p => confusion[c, p]));

        /// <summary>Writes the per-class table (precision, recall, support) under <paramref name="title"/>.</summary>
        public void WriteTable(TextWriter output, string title)
        {
            int width = Math.Max(5, Classes.Max(c => c.Length));
            output.WriteLine(title);
            output.WriteLine(Invariant($"  {"class".PadRight(width)}  precision  recall  support"));
            for (int c = 0; c < Classes.Count; c++)
            {
                int support = Enumerable.Range(0, Classes.Count).Sum(p => confusion[c, p]);
                output.WriteLine(Invariant($"  {Classes[c].PadRight(width)}  {Precision(c),9:F4}  {Recall(c),6:F4}  {support,7}"));
            }
        }

        /// <summary>Writes the confusion matrix: one row per true class, one column per predicted class (first 6 letters of each name).</summary>
        public void WriteConfusion(TextWriter output)
        {
            int width = Math.Max(5, Classes.Max(c => c.Length));
            var heads = Classes.Select(c => c.Length > 6 ? c[..6] : c).ToArray();
            output.WriteLine("confusion matrix (rows: true class, columns: predicted class)");
            output.WriteLine("  " + "".PadRight(width) + string.Concat(heads.Select(h => " " + h.PadLeft(6))));
            for (int a = 0; a < Classes.Count; a++)
                output.WriteLine("  " + Classes[a].PadRight(width) +
                    string.Concat(Enumerable.Range(0, Classes.Count).Select(p => " " + confusion[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(6))));
        }

        private static double Ratio(int part, int whole) => whole == 0 ? 0 : part / (double)whole;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
