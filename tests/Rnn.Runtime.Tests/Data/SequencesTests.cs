using System;
using System.Linq;
using Rnn.Data;
using TorchSharp;
using Xunit;

namespace Rnn.Runtime.Tests.Data
{
    public sealed class SequencesTests
    {
        // The examples of the Keras pad_sequences docstring (keras/src/utils/sequence_utils.py), inputs and outputs literally.
        private static readonly int[][] KerasSequence = { new[] { 1 }, new[] { 2, 3 }, new[] { 4, 5, 6 } };

        private static long[][] Rows(torch.Tensor t)
        {
            Assert.Equal(torch.ScalarType.Int64, t.dtype);
            long[] flat = t.data<long>().ToArray();
            int width = (int)t.shape[1];
            return Enumerable.Range(0, (int)t.shape[0]).Select(i => flat.Skip(i * width).Take(width).ToArray()).ToArray();
        }

        [Fact]
        public void Pad_KerasExample_Default()
        {
            using var padded = Sequences.Pad(KerasSequence);
            Assert.Equal(new[] { new long[] { 0, 0, 1 }, new long[] { 0, 2, 3 }, new long[] { 4, 5, 6 } }, Rows(padded));
        }

        [Fact]
        public void Pad_KerasExample_ValueMinusOne()
        {
            using var padded = Sequences.Pad(KerasSequence, value: -1);
            Assert.Equal(new[] { new long[] { -1, -1, 1 }, new long[] { -1, 2, 3 }, new long[] { 4, 5, 6 } }, Rows(padded));
        }

        [Fact]
        public void Pad_KerasExample_PaddingPost()
        {
            using var padded = Sequences.Pad(KerasSequence, padding: SequenceEnd.Post);
            Assert.Equal(new[] { new long[] { 1, 0, 0 }, new long[] { 2, 3, 0 }, new long[] { 4, 5, 6 } }, Rows(padded));
        }

        [Fact]
        public void Pad_KerasExample_MaxLengthTwo()
        {
            using var padded = Sequences.Pad(KerasSequence, maxLength: 2);
            Assert.Equal(new[] { new long[] { 0, 1 }, new long[] { 2, 3 }, new long[] { 5, 6 } }, Rows(padded));
        }

        [Fact]
        public void Pad_TruncatingPost_KeepsTheStart_AndPaddingPostWithIt()
        {
            using var padded = Sequences.Pad(new[] { new[] { 7, 8, 9, 10 }, new[] { 3 }, Array.Empty<int>() }, maxLength: 3,
                padding: SequenceEnd.Post, truncating: SequenceEnd.Post);
            Assert.Equal(new[] { new long[] { 7, 8, 9 }, new long[] { 3, 0, 0 }, new long[] { 0, 0, 0 } }, Rows(padded));
        }

        [Fact]
        public void Pad_NoSequences_GivesAnEmptyTensor()
        {
            using var padded = Sequences.Pad(Array.Empty<int[]>(), maxLength: 4);
            Assert.Equal(new long[] { 0, 4 }, padded.shape);
        }

        [Fact]
        public void Pad_BadArguments_NameTheArgument()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Pad(KerasSequence, maxLength: 0));
            Assert.Equal("maxLength", e.ParamName);
            Assert.Contains("at least 1", e.Message);
            var n = Assert.Throws<ArgumentNullException>(() => Sequences.Pad(new[] { new[] { 1 }, null! }));
            Assert.Contains("sequence 1 is null", n.Message);
            var p = Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Pad(KerasSequence, padding: (SequenceEnd)5));
            Assert.Equal("padding", p.ParamName);
        }

        // 23 ids 100..122, 2 streams of 3 chunks of 3: stream 0 is ids 100..108 (its targets up to 109), stream 1 is
        // 109..117 (targets up to 118); 119..122 are dropped. Batch b holds chunk b of both streams.
        [Fact]
        public void Chunks_CutsTwoStreamsBatchMajor_WithTargetsShiftedByOne()
        {
            long[] ids = Enumerable.Range(100, 23).Select(i => (long)i).ToArray();

            var (x, y) = Sequences.Chunks(ids, batchSize: 2, length: 3);
            using var xs = x;
            using var ys = y;

            Assert.Equal(new[]
            {
                new long[] { 100, 101, 102 }, new long[] { 109, 110, 111 },
                new long[] { 103, 104, 105 }, new long[] { 112, 113, 114 },
                new long[] { 106, 107, 108 }, new long[] { 115, 116, 117 },
            }, Rows(x));
            Assert.Equal(new[]
            {
                new long[] { 101, 102, 103 }, new long[] { 110, 111, 112 },
                new long[] { 104, 105, 106 }, new long[] { 113, 114, 115 },
                new long[] { 107, 108, 109 }, new long[] { 116, 117, 118 },
            }, Rows(y));
        }

        [Fact]
        public void Chunks_OfExactlyOneBatch_AndBadArguments()
        {
            var (x, y) = Sequences.Chunks(new long[] { 5, 6, 7, 8, 9 }, batchSize: 2, length: 2);
            using var xs = x;
            using var ys = y;
            Assert.Equal(new[] { new long[] { 5, 6 }, new long[] { 7, 8 } }, Rows(x));
            Assert.Equal(new[] { new long[] { 6, 7 }, new long[] { 8, 9 } }, Rows(y));

            var tooShort = Assert.Throws<ArgumentException>(() => Sequences.Chunks(new long[] { 5, 6, 7, 8 }, batchSize: 2, length: 2));
            Assert.Equal("ids", tooShort.ParamName);
            Assert.StartsWith("Sequences.Chunks needs at least batchSize · length + 1 = 5 ids for one batch of 2 chunks of 2 and their next ids, but ids has 4.", tooShort.Message);
            Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Chunks(new long[10], 0, 2)).ParamName);
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => Sequences.Chunks(new long[10], 2, 0)).ParamName);
        }
    }
}
