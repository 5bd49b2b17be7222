using System;
using System.Collections.Generic;
using System.Linq;

namespace Rnn.Data
{
    /// <summary>Texts with a class each, as loaded by <see cref="TextClassificationFolder.Load"/>.</summary>
    public sealed class LabeledTexts
    {
        /// <summary>Creates a labelled set; every label must index <paramref name="classes"/>.</summary>
        /// <exception cref="ArgumentException">The counts differ, a label is out of range, or a class name is repeated.</exception>
        public LabeledTexts(IReadOnlyList<string> classes, IReadOnlyList<string> texts, IReadOnlyList<int> labels)
        {
            ArgumentNullException.ThrowIfNull(classes);
            ArgumentNullException.ThrowIfNull(texts);
            ArgumentNullException.ThrowIfNull(labels);
            if (texts.Count != labels.Count)
                throw new ArgumentException($"LabeledTexts: {texts.Count} texts but {labels.Count} labels.", nameof(labels));
            int bad = labels.ToList().FindIndex(l => l < 0 || l >= classes.Count);
            if (bad >= 0)
                throw new ArgumentException($"LabeledTexts: label {labels[bad]} of text {bad} is not in 0..{classes.Count - 1}.", nameof(labels));
            var repeated = classes.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (repeated is not null)
                throw new ArgumentException($"LabeledTexts: the class '{repeated.Key}' is listed {repeated.Count()} times.", nameof(classes));
            Classes = classes.ToArray();
            Texts = texts.ToArray();
            Labels = labels.ToArray();
        }

        /// <summary>The class names; a label is an index into this list.</summary>
        public IReadOnlyList<string> Classes { get; }

        /// <summary>The texts.</summary>
        public IReadOnlyList<string> Texts { get; }

        /// <summary>The class of each text, an index into <see cref="Classes"/>.</summary>
        public IReadOnlyList<int> Labels { get; }

        /// <summary>The number of texts.</summary>
        public int Count => Texts.Count;

        /// <summary>
        /// Splits the texts into a training and a test set, per class (stratified): each class's texts are shuffled by
        /// a <see cref="Random"/> seeded with <paramref name="seed"/> and the last
        /// <see cref="TestCount"/> of them go to the test set. The same seed always gives the same split.
        /// Both sets list the texts class by class; shuffle them for training.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
        public (LabeledTexts Train, LabeledTexts Test) Split(double testFraction, int seed)
        {
            CheckTestFraction(testFraction, nameof(Split));
            var random = new Random(seed);
            var train = new List<int>();
            var test = new List<int>();
            for (int c = 0; c < Classes.Count; c++)
            {
                int[] members = Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray();
                random.Shuffle(members);
                int testCount = TestCount(members.Length, testFraction);
                train.AddRange(members.Take(members.Length - testCount));
                test.AddRange(members.Skip(members.Length - testCount));
            }
            return (Subset(train), Subset(test));
        }

        /// <summary>
        /// How many of a class's <paramref name="classCount"/> texts <see cref="Split"/> puts in the test set:
        /// <c>round(testFraction × classCount)</c>, halves rounded away from zero.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is negative, or
        /// <paramref name="testFraction"/> is not in (0, 1).</exception>
        public static int TestCount(int classCount, double testFraction)
        {
            if (classCount < 0)
                throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"LabeledTexts.TestCount needs classCount 0 or more, but got {classCount}.");
            CheckTestFraction(testFraction, nameof(TestCount));
            return (int)Math.Round(classCount * testFraction, MidpointRounding.AwayFromZero);
        }

        private static void CheckTestFraction(double testFraction, string caller)
        {
            if (!(testFraction > 0 && testFraction < 1))
                throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"LabeledTexts.{caller} needs testFraction in (0, 1).");
        }

        private LabeledTexts Subset(List<int> indices) =>
            new(Classes, indices.Select(i => Texts[i]).ToArray(), indices.Select(i => Labels[i]).ToArray());
    }
}
