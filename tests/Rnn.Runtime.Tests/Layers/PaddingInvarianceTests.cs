using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>
    /// Every sequence of a right-padded, masked batch gives the same output as that sequence run alone, unpadded: padding
    /// never enters the state, and a backward direction starts at each sequence's real last step.
    /// </summary>
    public class PaddingInvarianceTests
    {
        private static readonly long[] Lengths = { 7, 3, 5, 1 }; // the batch is 8 steps long: no sequence fills it

        public static IEnumerable<object[]> Cases() =>
            from kind in Values<Kind>()
            from direction in new (bool Bidirectional, MergeMode Mode)[]
            {
                (false, MergeMode.Concat), (true, MergeMode.Concat), (true, MergeMode.Sum), (true, MergeMode.Multiply), (true, MergeMode.Average),
            }
            from returnSequences in new[] { false, true }
            select new object[] { kind, direction.Bidirectional, direction.Mode, returnSequences };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Each_padded_sequence_gives_its_output_alone(Kind kind, bool bidirectional, MergeMode mergeMode, bool returnSequences)
        {
            using var g = Seeded(7);
            using var layer = Recurrent(kind, 4, 5, returnSequences, bidirectional, mergeMode, generator: g);
            layer.eval();
            using var scope = NewDisposeScope();
            var batch = Random(g, Lengths.Length, 8, 4) * 3; // the padding holds large garbage, not zeros
            var mask = Mask(8, Lengths);

            var (output, outputMask) = layer.Forward(batch, mask);

            long width = bidirectional && mergeMode == MergeMode.Concat ? 10 : 5;
            if (returnSequences)
            {
                Assert.Equal(new long[] { Lengths.Length, 8, width }, output.shape);
                Assert.Same(mask, outputMask);
            }
            else
            {
                Assert.Equal(new long[] { Lengths.Length, width }, output.shape);
                Assert.Null(outputMask);
            }
            for (int i = 0; i < Lengths.Length; i++)
            {
                long length = Lengths[i];
                var alone = layer.Forward(batch.narrow(0, i, 1).narrow(1, 0, length), null).Output[0];
                if (returnSequences)
                {
                    var real = output[i].narrow(0, 0, length);
                    Assert.True(MaxDifference(real, alone) <= 1e-5, $"sequence {i}: largest difference {MaxDifference(real, alone)}");
                    Assert.Equal(0f, output[i].narrow(0, length, 8 - length).abs().max().item<float>()); // zeros on padded steps
                }
                else Assert.True(MaxDifference(output[i], alone) <= 1e-5, $"sequence {i}: largest difference {MaxDifference(output[i], alone)}");
            }
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Padding_changes_the_output_without_a_mask(Kind kind)
        {
            // The invariance above is the mask's doing: the same padded batch without the mask gives other outputs.
            using var g = Seeded(8);
            using var layer = Recurrent(kind, 4, 5, bidirectional: true, generator: g);
            using var scope = NewDisposeScope();
            var batch = Random(g, 2, 6, 4);
            var masked = layer.Forward(batch, Mask(6, 6, 3)).Output;
            var unmasked = layer.Forward(batch, null).Output;
            Assert.True(MaxDifference(masked[0], unmasked[0]) <= 1e-6); // the full-length sequence is unchanged
            Assert.True(MaxDifference(masked[1], unmasked[1]) > 1e-3);
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void Unmasked_bidirectional_final_state_is_forward_last_step_and_backward_first_step(Kind kind)
        {
            using var g = Seeded(9);
            using var sequences = Recurrent(kind, 3, 4, returnSequences: true, bidirectional: true, generator: g);
            using var scope = NewDisposeScope();
            using var finals = Recurrent(kind, 3, 4, returnSequences: false, bidirectional: true);
            finals.load_state_dict(sequences.state_dict());
            var x = Random(g, 2, 5, 3);
            var all = sequences.Forward(x, null).Output;
            var final = finals.Forward(x, null).Output;
            var expected = cat(new[] { all[.., -1, ..4], all[.., 0, 4..] }, -1); // Keras: backward output at its last step = time 0
            Assert.True(MaxDifference(final, expected) <= 1e-6);
        }

        /// <summary>
        /// Keras: a sequence without any real step keeps its initial state, so its output is the zero state's merged H
        /// (or zeros on every step with sequences); before, it ran one padding step.
        /// </summary>
        [Theory]
        [MemberData(nameof(Cases))]
        public void A_sequence_with_no_real_step_gives_zeros_and_the_others_are_unchanged(Kind kind, bool bidirectional, MergeMode mergeMode, bool returnSequences)
        {
            using var g = Seeded(10);
            using var layer = Recurrent(kind, 3, 4, returnSequences, bidirectional, mergeMode, generator: g);
            using var scope = NewDisposeScope();
            var x = Random(g, 3, 4, 3);
            var output = layer.Forward(x, Mask(4, 4, 0, 2)).Output;
            Assert.Equal(0, output[1].abs().max().item<float>());
            var others = layer.Forward(x.index_select(0, tensor(new long[] { 0, 2 })), Mask(4, 4, 2)).Output;
            Assert.True(MaxDifference(output.index_select(0, tensor(new long[] { 0, 2 })), others) <= 1e-6);
        }

        [Theory]
        [InlineData(Kind.SimpleRnn)]
        [InlineData(Kind.Lstm)]
        [InlineData(Kind.Gru)]
        public void A_batch_without_any_real_step_gives_zeros(Kind kind)
        {
            using var g = Seeded(11);
            using var layer = Recurrent(kind, 3, 4, generator: g);
            using var sequences = Recurrent(kind, 3, 4, returnSequences: true, generator: g);
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 3, 3);
            Assert.Equal(0, layer.Forward(x, Mask(3, 0, 0)).Output.abs().max().item<float>());
            Assert.Equal(new long[] { 2, 4 }, layer.Forward(zeros(2, 0, 3), null).Output.shape); // no time steps at all
            Assert.Equal(0, layer.Forward(zeros(2, 0, 3), null).Output.abs().max().item<float>());
            Assert.Equal(new long[] { 2, 0, 4 }, sequences.Forward(zeros(2, 0, 3), zeros(2, 0, dtype: ScalarType.Bool)).Output.shape);
        }
    }
}
