using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Modules;
using TorchSharp;
using Xunit;
using static Rnn.Runtime.Tests.LayerModules.LayerTesting;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    [Input(Dim.Variable, 3)]
    [SimpleRnn(8)]
    public partial class StateSimpleRnn { }

    [Input(Dim.Variable, 3)]
    [Lstm(8)]
    public partial class StateLstm8 { }

    [Input(Dim.Variable, 3)]
    [Lstm(16)]
    public partial class StateLstm16 { }

    [Input(Dim.Variable, 3)]
    [Lstm(100)]
    public partial class StateLstm100 { }

    [Input(Dim.Variable, 3)]
    [Gru(8)]
    public partial class StateGru { }

    [Input(Dim.Variable, 3)]
    [Lstm(6, ReturnSequences = true)]
    [Gru(5)]
    [Dense(2)]
    public partial class StateStacked { }

    [Input(Dim.Variable, 3)]
    [Gru(6, ReturnSequences = true)]
    [Dense(2)]
    public partial class StateSequences { }

    [Input(Dim.Variable)]
    [Embedding(20, 4, MaskZero = true)]
    [Lstm(6, ReturnSequences = true)]
    [SimpleRnn(5)]
    public partial class StateMaskedStack { }

    [Input(Dim.Variable)]
    [Embedding(20, 4, MaskZero = true)]
    [Gru(6, ReturnSequences = true)]
    [Dense(3)]
    public partial class StateMaskedSequences { }

    [Input(Dim.Variable, 3)]
    [Lstm(4, Bidirectional = true)]
    public partial class StateBidirectional { }

    [Input(10, 3)]
    [Conv1D(4, 3)]
    [GlobalMaxPooling1D]
    [Dense(2)]
    public partial class StatelessConv { }

    /// <summary>
    /// Issue 17 §1: a generated model's <c>State</c>, <c>ForwardWithState</c> and <c>InitialState</c>, and the recurrent
    /// layers' forward from a state. A sequence cut in two pieces, with the state carried across, gives what the whole
    /// sequence gives (1e-5), in training and in inference mode, masked and unmasked.
    /// </summary>
    public class RecurrentStateTests
    {
        private const long Cut = 3;

        private static readonly Func<RnnModel>[] Unmasked =
        {
            () => new StateSimpleRnn(1), () => new StateLstm8(2), () => new StateLstm16(3), () => new StateLstm100(4),
            () => new StateGru(5), () => new StateStacked(6), () => new StateSequences(7),
        };

        private static readonly Func<RnnModel>[] Masked = { () => new StateMaskedStack(8), () => new StateMaskedSequences(9) };

        public static IEnumerable<object[]> UnmaskedCases() =>
            from i in Enumerable.Range(0, Unmasked.Length) from inference in new[] { false, true } select new object[] { i, inference };

        public static IEnumerable<object[]> MaskedCases() =>
            from i in Enumerable.Range(0, Masked.Length) from inference in new[] { false, true } select new object[] { i, inference };

        [Theory]
        [MemberData(nameof(UnmaskedCases))]
        public void Two_pieces_with_the_state_carried_across_give_the_whole_sequence(int index, bool inference)
        {
            using var model = Unmasked[index]();
            using var g = Seeded(20);
            using var x = Random(g, 3, 7, 3);
            AssertPiecesGiveTheWhole(model, x, inference);
        }

        /// <summary>
        /// Right padding over a cut at step 3: row 0 is real throughout, row 1 ends in the second piece, row 2 ends in the
        /// first (its second piece has no real step) and row 3 has no real step at all.
        /// </summary>
        [Theory]
        [MemberData(nameof(MaskedCases))]
        public void Masked_pieces_with_the_state_carried_across_give_the_whole_sequence(int index, bool inference)
        {
            using var model = Masked[index]();
            using var g = Seeded(21);
            using var x = Tokens(g, 8, 5, 2, 0);
            AssertPiecesGiveTheWhole(model, x, inference);
        }

        [Fact]
        public void The_typed_state_names_each_recurrent_layer_and_continues_the_sequence()
        {
            using var model = new StateStacked(6);
            using var g = Seeded(22);
            using var scope = NewDisposeScope();
            var x = Random(g, 2, 6, 3);
            var (_, first) = model.ForwardWithState(x.narrow(1, 0, Cut));
            var (output, state) = model.ForwardWithState(x.narrow(1, Cut, 6 - Cut), first);
            Assert.IsType<LstmState>(state.Lstm);
            Assert.IsType<GruState>(state.Gru);
            Assert.Equal(new RecurrentState[] { state.Lstm, state.Gru }, state.Layers);
            Assert.True(MaxDifference(model.Forward(x), output) <= 1e-5);
        }

        [Fact]
        public void A_bidirectional_layer_continues_its_forward_half_exactly()
        {
            using var model = new StateBidirectional(10);
            using var g = Seeded(23);
            using var scope = NewDisposeScope();
            var x = Random(g, 3, 7, 3);
            var (_, whole) = model.ForwardWithState(x);
            var (_, first) = model.ForwardWithState(x.narrow(1, 0, Cut));
            var (_, second) = model.ForwardWithState(x.narrow(1, Cut, 7 - Cut), first);
            Assert.Equal(new long[] { 3, 8 }, second.Bidirectional.H.shape); // 4 forward units, then 4 backward
            foreach (var (a, b) in new[] { (whole.Bidirectional.H, second.Bidirectional.H), (whole.Bidirectional.C, second.Bidirectional.C) })
            {
                Assert.True(MaxDifference(a.narrow(1, 0, 4), b.narrow(1, 0, 4)) <= 1e-5);
                // The backward direction ends at each piece's first step, so its half does not continue across pieces.
                Assert.True(MaxDifference(a.narrow(1, 4, 4), b.narrow(1, 4, 4)) > 1e-3);
            }
        }

        [Fact]
        public void A_masked_bidirectional_layer_continues_its_forward_half_exactly()
        {
            using var g = Seeded(24);
            using var layer = new Gru("bidirectional", 3, 4, false, true, MergeMode.Concat, 0, g);
            using var scope = NewDisposeScope();
            var x = Random(g, 3, 7, 3);
            long[] lengths = { 7, 2, 5 };
            var whole = layer.Forward(x, Mask(7, lengths), null).State;
            var first = layer.Forward(x.narrow(1, 0, Cut), Mask(Cut, lengths.Select(l => Math.Min(l, Cut)).ToArray()), null).State;
            var second = layer.Forward(x.narrow(1, Cut, 7 - Cut), Mask(7 - Cut, lengths.Select(l => Math.Max(l - Cut, 0)).ToArray()), first).State;
            Assert.True(MaxDifference(whole.H.narrow(1, 0, 4), second.H.narrow(1, 0, 4)) <= 1e-5);
        }

        /// <summary>
        /// Both directions from a given state, against the SimpleRnn equations: the forward half starts at step 0, the
        /// backward half at each sequence's last real step; the final state holds the forward direction at that step and
        /// the backward one at step 0.
        /// </summary>
        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_bidirectional_initial_state_starts_the_backward_direction_at_the_sequence_end(bool inference)
        {
            using var g = Seeded(25);
            using var layer = new SimpleRnn("bidirectional", 3, 2, Activation.Tanh, true, true, MergeMode.Concat, 0, g);
            if (inference) layer.eval();
            using var scope = NewDisposeScope();
            var p = layer.named_parameters().ToDictionary(n => n.name, n => n.parameter.detach());
            var x = Random(g, 3, 4, 3);
            var start = Random(g, 3, 4);
            long[] lengths = { 4, 2, 3 };
            Tensor output;
            RecurrentState state;
            using (inference ? no_grad() : null) (output, _, state) = layer.Forward(x, Mask(4, lengths), new SimpleRnnState(start));
            for (int row = 0; row < 3; row++)
            {
                Tensor forward = start[row, ..2], backward = start[row, 2..];
                for (long t = 0; t < lengths[row]; t++)
                {
                    forward = Step(p, "", x[row, t], forward);
                    Assert.True(MaxDifference(output[row, t, ..2], forward) <= 1e-5, $"row {row} forward step {t}");
                }
                for (long t = lengths[row] - 1; t >= 0; t--)
                {
                    backward = Step(p, "_reverse", x[row, t], backward);
                    Assert.True(MaxDifference(output[row, t, 2..], backward) <= 1e-5, $"row {row} backward step {t}");
                }
                Assert.True(MaxDifference(state.H[row], cat(new[] { forward, backward }, 0)) <= 1e-5, $"row {row} final state");
            }

            static Tensor Step(Dictionary<string, Tensor> p, string direction, Tensor x, Tensor h) =>
                (p["weight_ih_l0" + direction].matmul(x) + p["bias_ih_l0" + direction] + p["weight_hh_l0" + direction].matmul(h) + p["bias_hh_l0" + direction]).tanh();
        }

        public static IEnumerable<object[]> LstmEquationCases() =>
            from units in new long[] { 8, 16, 100 }
            from lengths in new[] { "", "5,3,1", "5,0,2" }
            select new object[] { units, lengths };

        /// <summary>
        /// The LSTM's new paths (a given state, padded, packed, and packed for some rows only) in inference mode, where
        /// libtorch's no-grad LSTM is wrong at these sizes (<see cref="LayerModules.InferenceModeTests"/>), follow the LSTM
        /// equations: c = f c + i g, h = o tanh(c), gates i, f, g, o.
        /// </summary>
        [Theory]
        [MemberData(nameof(LstmEquationCases))]
        public void An_lstm_from_a_state_in_inference_mode_follows_the_equations(long units, string lengthList)
        {
            using var g = Seeded(26);
            using var layer = new Lstm("lstm", 3, units, true, false, MergeMode.Concat, 0, g);
            layer.eval();
            using var scope = NewDisposeScope();
            var p = layer.named_parameters().ToDictionary(n => n.name, n => n.parameter.detach());
            var x = Random(g, 3, 5, 3);
            var start = new LstmState(Random(g, 3, units), Random(g, 3, units));
            long[] lengths = lengthList.Length == 0 ? new long[] { 5, 5, 5 } : lengthList.Split(',').Select(long.Parse).ToArray();
            Tensor output;
            LstmState state;
            using (no_grad()) (output, _, state) = layer.Forward(x, lengthList.Length == 0 ? null : Mask(5, lengths), start);
            for (int row = 0; row < 3; row++)
            {
                Tensor h = start.H[row], c = start.C[row];
                for (long t = 0; t < lengths[row]; t++)
                {
                    var gates = (p["weight_ih_l0"].matmul(x[row, t]) + p["bias_ih_l0"] + p["weight_hh_l0"].matmul(h) + p["bias_hh_l0"]).chunk(4);
                    c = gates[1].sigmoid() * c + gates[0].sigmoid() * gates[2].tanh();
                    h = gates[3].sigmoid() * c.tanh();
                    Assert.True(MaxDifference(output[row, t], h) <= 1e-5, $"units {units} row {row} step {t}");
                }
                if (lengths[row] < 5) Assert.Equal(0, output[row, (int)lengths[row]..].abs().max().item<float>());
                Assert.True(MaxDifference(state.H[row], h) <= 1e-5 && MaxDifference(state.C[row], c) <= 1e-5, $"units {units} row {row} final state");
            }
        }

        [Fact]
        public void InitialState_is_zeros_of_each_layers_shape_on_the_models_device()
        {
            using var model = new StateStacked(6);
            using var bidirectional = new StateBidirectional(1);
            using var scope = NewDisposeScope();
            var state = model.InitialState(3);
            Assert.Equal(new long[] { 3, 6 }, state.Lstm.H.shape);
            Assert.Equal(new long[] { 3, 6 }, state.Lstm.C.shape);
            Assert.Equal(new long[] { 3, 5 }, state.Gru.H.shape);
            Assert.Equal(new long[] { 3, 8 }, bidirectional.InitialState(3).Bidirectional.C.shape);
            var weight = model.parameters().First();
            Assert.All(state.Layers.SelectMany(l => l.Tensors), t =>
            {
                Assert.Equal((weight.device_type, weight.device_index), (t.device_type, t.device_index));
                Assert.Equal(weight.dtype, t.dtype);
                Assert.Equal(0, t.abs().max().item<float>());
            });
            Assert.Throws<ArgumentOutOfRangeException>(() => model.InitialState(0));
        }

        [Fact]
        public void A_null_initial_state_is_the_zero_state()
        {
            using var model = new StateStacked(6);
            using var masked = new StateMaskedStack(8);
            using var g = Seeded(27);
            using var scope = NewDisposeScope();
            var x = Random(g, 3, 5, 3);
            Assert.Equal(0, MaxDifference(model.ForwardWithState(x).Output, model.ForwardWithState(x, model.InitialState(3)).Output));
            Assert.Equal(0, MaxDifference(model.Forward(x), model.ForwardWithState(x).Output));
            var tokens = Tokens(g, 5, 3, 0);
            Assert.True(MaxDifference(masked.ForwardWithState(tokens).Output, masked.ForwardWithState(tokens, masked.InitialState(3)).Output) <= 1e-6);
        }

        [Fact]
        public void A_state_that_does_not_fit_names_the_model_the_layer_and_both_shapes()
        {
            using var model = new StateStacked(6);
            using var scope = NewDisposeScope();
            var x = rand(3, 5, 3);

            var e = Assert.Throws<ArgumentException>(() => model.ForwardWithState(x, model.InitialState(2)));
            Assert.Equal("StateStacked: the initial state of lstm (Lstm) must be LstmState with H and C [3, 6], but got LstmState with H [2, 6] and C [2, 6]. (Parameter 'initialState')", e.Message);

            var units = new StateStacked.State(new LstmState(zeros(3, 6), zeros(3, 6)), new GruState(zeros(3, 4)));
            e = Assert.Throws<ArgumentException>(() => model.ForwardWithState(x, units));
            Assert.StartsWith("StateStacked: the initial state of gru (Gru) must be GruState with H [3, 5], but got GruState with H [3, 4].", e.Message);

            using var other = new StateBidirectional(1);
            e = Assert.Throws<ArgumentException>(() => other.ForwardWithState(x, new StateBidirectional.State(new LstmState(zeros(3, 4), zeros(3, 4)))));
            Assert.StartsWith("StateBidirectional: the initial state of bidirectional (Lstm) must be LstmState with H and C [3, 8] (forward units, then backward), but got LstmState with H [3, 4] and C [3, 4].", e.Message);

            using var gru = new StateGru(1);
            e = Assert.Throws<ArgumentException>(() => gru.RunWithState(x, model.InitialState(3)));
            Assert.StartsWith("StateGru: the initial state must be StateGru.State, but got StateStacked.State.", e.Message);

            e = Assert.Throws<ArgumentException>(() => gru.ForwardWithState(x, new StateGru.State(null!)));
            Assert.StartsWith("StateGru: the initial state of gru (Gru) must be GruState with H [3, 8], but got null.", e.Message);

            e = Assert.Throws<ArgumentException>(() => gru.ForwardWithState(x, new StateGru.State(new GruState(zeros(3, 8, dtype: ScalarType.Float64)))));
            Assert.StartsWith("StateGru: the initial state of gru (Gru) must be Float32 on cpu, as the layer's weights, but got Float64 on cpu.", e.Message);

            // A layer run alone names itself, and a state of another kind.
            using var layer = new Lstm("lstm", 3, 8, false, false, MergeMode.Concat, 0, null);
            e = Assert.Throws<ArgumentException>(() => layer.Forward(x, null, new GruState(zeros(3, 8))));
            Assert.StartsWith("the initial state of lstm (Lstm) must be LstmState with H and C [3, 8], but got GruState with H [3, 8].", e.Message);
        }

        /// <summary>
        /// A layer checks its own state, once per step, whoever runs it: run directly, a model's layer still names the
        /// model, as the model's own run does.
        /// </summary>
        [Fact]
        public void A_layer_of_a_model_run_directly_names_the_model_in_a_state_error()
        {
            using var model = new StateStacked(6);
            using var scope = NewDisposeScope();
            var lstm = model.LayerModules.OfType<Lstm>().Single();

            var e = Assert.Throws<ArgumentException>(() => lstm.Forward(rand(3, 5, 3), null, new LstmState(zeros(2, 6), zeros(2, 6))));

            Assert.Equal("StateStacked: the initial state of lstm (Lstm) must be LstmState with H and C [3, 6], but got LstmState with H [2, 6] and C [2, 6]. (Parameter 'initialState')", e.Message);
        }

        [Fact]
        public void A_model_without_recurrent_layers_has_no_state()
        {
            using var model = new StatelessConv(1);
            using var x = rand(2, 10, 3);
            var e = Assert.Throws<NotSupportedException>(() => model.RunWithState(x, null));
            Assert.StartsWith("StatelessConv has no state to carry", e.Message);
        }

        [Fact]
        public void ForwardWithState_leaves_only_its_output_and_state_alive()
        {
            using var model = new StateStacked(6);
            using var masked = new StateMaskedStack(8);
            using var g = Seeded(28);
            using var x = Random(g, 3, 5, 3);
            using var tokens = Tokens(g, 5, 2, 0);
            foreach (var (run, tensors) in new (Func<ModelState?, (Tensor, ModelState)>, int)[]
            {
                (s => model.ForwardWithState(x, (StateStacked.State?)s), 1 + 2 + 1), // output, Lstm H and C, Gru H
                (s => masked.ForwardWithState(tokens, (StateMaskedStack.State?)s), 1 + 2 + 1),
            })
            {
                var (warmOutput, warmState) = run(null); // warm-up: lazily created native state is not a per-call cost
                long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
                var (output, state) = run(warmState);
                Assert.Equal(before + tensors, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                output.Dispose();
                state.Dispose();
                Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                warmOutput.Dispose();
                warmState.Dispose();
            }
        }

        [Fact]
        public void Detach_and_Select_give_a_new_state_of_the_same_generated_type()
        {
            using var model = new StateStacked(6);
            using var g = Seeded(29);
            using var scope = NewDisposeScope();
            var (_, state) = model.ForwardWithState(Random(g, 3, 5, 3));
            Assert.True(state.Lstm.H.requires_grad);

            var detached = Assert.IsType<StateStacked.State>(state.Detach());
            Assert.False(detached.Lstm.H.requires_grad);
            Assert.Equal(0, MaxDifference(state.Gru.H, detached.Gru.H));

            var rows = Assert.IsType<StateStacked.State>(state.Select(tensor(new long[] { 2, 0 })));
            Assert.Equal(0, MaxDifference(rows.Lstm.C, state.Lstm.C.index_select(0, tensor(new long[] { 2, 0 }))));
            Assert.Equal(new long[] { 2, 5 }, rows.Gru.H.shape);
            Assert.Throws<ArgumentException>(() => state.Select(tensor(new[] { 2, 0 })));

            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            rows.Dispose();
            Assert.Equal(before - 3, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        /// <summary>Issue 19 item 12: zero-length token sequences give the output of fully masked rows, as in Keras.</summary>
        [Fact]
        public void Predict_on_empty_sequences_gives_the_output_of_the_zero_state()
        {
            using var model = new StateMaskedStack(8);
            using var scope = NewDisposeScope();
            var x = Rnn.Data.Sequences.Pad(new[] { Array.Empty<int>(), Array.Empty<int>() });
            Assert.Equal(new long[] { 2, 0 }, x.shape);
            var output = model.Predict(x);
            Assert.Equal(new long[] { 2, 5 }, output.shape);
            Assert.Equal(0, output.abs().max().item<float>()); // the SimpleRnn's zero state, merged
        }

        /// <summary>
        /// Runs the whole <paramref name="x"/> and the same cut at <see cref="Cut"/>, the second piece from the first's
        /// state: the outputs (joined along time for a sequence output) and the final states agree within 1e-5. In
        /// inference mode the pieces run in evaluation mode without gradients, against the whole run with them.
        /// </summary>
        private static void AssertPiecesGiveTheWhole(RnnModel model, Tensor x, bool inference)
        {
            using var scope = NewDisposeScope();
            var (whole, _, wholeState) = model.RunWithState(x, null);
            if (inference) model.eval();
            Tensor first, second;
            ModelState state;
            using (inference ? no_grad() : null)
            {
                (first, _, var middle) = model.RunWithState(x.narrow(1, 0, Cut), null);
                (second, _, state) = model.RunWithState(x.narrow(1, Cut, x.size(1) - Cut), middle);
            }
            var pieces = whole.dim() == 3 ? cat(new[] { first, second }, 1) : second;
            Assert.True(MaxDifference(whole, pieces) <= 1e-5, $"max difference {MaxDifference(whole, pieces)}");
            Assert.True(MaxDifference(whole, model.Forward(x)) <= 1e-6);
            var expected = wholeState.Layers.SelectMany(l => l.Tensors).ToList();
            var actual = state.Layers.SelectMany(l => l.Tensors).ToList();
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++) Assert.True(MaxDifference(expected[i], actual[i]) <= 1e-5, $"state tensor {i}");
        }

        /// <summary>Right-padded token ids [rows, 8] with ids in [1, 20) on the first <paramref name="lengths"/> steps of each row.</summary>
        private static Tensor Tokens(Generator g, params long[] lengths)
        {
            using var ids = randint(1, 20, new long[] { lengths.Length, 8 }, generator: g);
            using var mask = Mask(8, lengths);
            return ids.mul(mask);
        }
    }
}
