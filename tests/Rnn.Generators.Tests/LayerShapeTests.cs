using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>Every layer kind's shape rule and parameter count, pure: no compilation.</summary>
    public class LayerShapeTests
    {
        private static ModelSpec Model(int timesteps, int? features, params LayerSpec[] layers) =>
            new ModelSpec("M", new InputSpec(timesteps, features), layers.ToEquatableArray());

        private static ShapeAnalysis Analyze(int timesteps, int? features, params LayerSpec[] layers) => Shapes.Analyze(Model(timesteps, features, layers));

        /// <summary>
        /// One layer of every registered kind on [None, 5, 3] floats (or [None, 5] token ids where Features is null), with
        /// its output dimensions after the batch and its parameter count worked out by hand: Keras's formulas, with
        /// TorchSharp's two bias vectors per gate block for the recurrent kinds. <see cref="LayerKindListsTests"/> checks
        /// that every registered kind is here, and that the real modules agree.
        /// </summary>
        internal static readonly (LayerSpec Layer, int? Features, int[] Output, long Parameters)[] OneOfEachKind =
        {
            (new SimpleRnnLayer(4, Activation.Tanh, false), 3, new[] { 4 }, 4 * (3 + 4) + 2 * 4),
            (new LstmLayer(4, true), 3, new[] { 5, 4 }, 4 * (4 * (3 + 4) + 2 * 4)),
            (new GruLayer(4, false, true), 3, new[] { 8 }, 2 * 3 * (4 * (3 + 4) + 2 * 4)),
            (new DenseLayer(2, Activation.Relu), 3, new[] { 5, 2 }, 3 * 2 + 2),
            (new EmbeddingLayer(10, 4, true), null, new[] { 5, 4 }, 10 * 4),
            (new MaskingLayer(0), 3, new[] { 5, 3 }, 0),
            (new DropoutLayer(0.5), 3, new[] { 5, 3 }, 0),
            (new Conv1DLayer(6, 2, Activation.None, 1, 1, WindowPadding.Valid), 3, new[] { 4, 6 }, 2 * 3 * 6 + 6),
            (new MaxPooling1DLayer(2, 2, WindowPadding.Valid), 3, new[] { 2, 3 }, 0),
            (new GlobalAveragePooling1DLayer(), 3, new[] { 3 }, 0),
            (new GlobalMaxPooling1DLayer(), 3, new[] { 3 }, 0),
            (new LayerNormalizationLayer(), 3, new[] { 5, 3 }, 2 * 3),
            (new AttentionLayer(UseScale: true, Causal: false, Dropout: 0), 3, new[] { 5, 3 + 3 }, 1),
            (new AdditiveAttentionLayer(UseScale: true, Causal: true, Dropout: 0.1), 3, new[] { 5, 3 + 3 }, 3),
        };

        public static TheoryData<string> Kinds()
        {
            var kinds = new TheoryData<string>();
            foreach (var (layer, _, _, _) in OneOfEachKind) kinds.Add(layer.ModuleName);
            return kinds;
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void EveryKindsShapeRuleAndParameterCount(string kind)
        {
            var (layer, features, output, parameters) = OneOfEachKind.Single(c => c.Layer.ModuleName == kind);
            var shapes = Analyze(5, features, layer);
            Assert.DoesNotContain(shapes.Problems, p => p.IsError);
            Assert.Equal(output, shapes.Layers[0].Output.Dimensions.Select(d => d.Size.GetValueOrDefault(-1)));
            Assert.Equal(parameters, shapes.Layers[0].ParameterCount);
        }

        /// <summary>Window starts 0, s, 2s, … whose window ends inside the (padded) sequence, counted one by one.</summary>
        private static int CountWindows(int time, int span, int strides, WindowPadding padding)
        {
            if (padding != WindowPadding.Valid)
            {
                // Same and Causal pad so that every start inside the input gives a window.
                int starts = 0;
                for (int t = 0; t < time; t += strides) starts++;
                return starts;
            }
            int count = 0;
            for (int t = 0; t + span - 1 <= time - 1; t += strides) count++;
            return count;
        }

        public static IEnumerable<object[]> ConvolutionCases()
        {
            foreach (var padding in new[] { WindowPadding.Valid, WindowPadding.Same, WindowPadding.Causal })
                for (int time = 1; time <= 9; time += 2)
                    for (int kernel = 1; kernel <= 4; kernel++)
                        for (int strides = 1; strides <= 3; strides++)
                            for (int dilation = 1; dilation <= 2; dilation++)
                                yield return new object[] { padding, time, kernel, strides, dilation };
        }

        [Theory]
        [MemberData(nameof(ConvolutionCases))]
        public void Conv1DLengthsFollowKeras(WindowPadding padding, int time, int kernel, int strides, int dilation)
        {
            var shapes = Analyze(time, 3, new Conv1DLayer(5, kernel, Activation.Relu, strides, dilation, padding));
            int span = dilation * (kernel - 1) + 1;
            int expected = CountWindows(time, span, strides, padding);
            if (expected == 0)
            {
                var problem = Assert.Single(shapes.Problems, p => p.IsError);
                Assert.Equal((DiagnosticIds.SequenceTooShort, 0, "kernelSize"), (problem.Id, problem.Layer, problem.Argument));
                Assert.Equal(span.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.Arguments[2]);
                return;
            }
            Assert.False(shapes.HasErrors);
            Assert.Equal($"(None, {expected}, 5)", shapes.Layers[0].Output.ToKeras());
            Assert.Equal(kernel * 3 * 5 + 5, shapes.Layers[0].ParameterCount);
        }

        public static IEnumerable<object[]> PoolingCases()
        {
            foreach (var padding in new[] { WindowPadding.Valid, WindowPadding.Same })
                for (int time = 1; time <= 9; time++)
                    for (int pool = 1; pool <= 4; pool++)
                        for (int strides = 1; strides <= 3; strides++)
                            yield return new object[] { padding, time, pool, strides };
        }

        [Theory]
        [MemberData(nameof(PoolingCases))]
        public void MaxPooling1DLengthsFollowKeras(WindowPadding padding, int time, int pool, int strides)
        {
            var shapes = Analyze(time, 4, new MaxPooling1DLayer(pool, strides, padding));
            int expected = CountWindows(time, pool, strides, padding);
            if (expected == 0)
            {
                var problem = Assert.Single(shapes.Problems, p => p.IsError);
                Assert.Equal((DiagnosticIds.SequenceTooShort, "poolSize"), (problem.Id, problem.Argument));
                return;
            }
            Assert.False(shapes.HasErrors);
            Assert.Equal($"(None, {expected}, 4)", shapes.Layers[0].Output.ToKeras());
            Assert.Equal(0, shapes.Layers[0].ParameterCount);
        }

        [Fact]
        public void VariableTimeStaysUnknownThroughWindows()
        {
            var shapes = Analyze(Dim.Variable, 8, new Conv1DLayer(16, 5, Activation.None, 2, 1, WindowPadding.Valid), new MaxPooling1DLayer(2, 2, WindowPadding.Valid),
                new LstmLayer(4, true), new GlobalAveragePooling1DLayer());
            Assert.False(shapes.HasErrors);
            Assert.Equal("(None, None, 8)", shapes.Input.ToKeras());
            Assert.Equal(new[] { "(None, None, 16)", "(None, None, 16)", "(None, None, 4)", "(None, 4)" }, shapes.Layers.Select(l => l.Output.ToKeras()));
        }

        [Theory]
        [InlineData(MergeMode.Concat, 64)]
        [InlineData(MergeMode.Sum, 32)]
        [InlineData(MergeMode.Multiply, 32)]
        [InlineData(MergeMode.Average, 32)]
        public void BidirectionalDoublesParametersInEveryMergeMode(MergeMode mode, int width)
        {
            decimal single(int gates) => gates * (32m * (10 + 32) + 2 * 32);
            var layers = new LayerSpec[]
            {
                new SimpleRnnLayer(32, Activation.Tanh, true, true, mode, true),
                new LstmLayer(32, true, true, mode, true),
                new GruLayer(32, false, true, mode, true),
            };
            foreach (var (layer, gates) in layers.Zip(new[] { 1, 4, 3 }))
            {
                var shapes = Analyze(7, 10, layer);
                Assert.DoesNotContain(shapes.Problems, p => p.IsError);
                Assert.Equal((long)(2 * single(gates)), shapes.Layers[0].ParameterCount);
                Assert.Equal(width, shapes.Layers[0].Output.Features);
                Assert.Equal(("bidirectional", "Bidirectional"), (shapes.Layers[0].Name, shapes.Layers[0].Kind));
            }
        }

        [Fact]
        public void BidirectionalLayersAreNamedLikeKerasWrappers()
        {
            var shapes = Analyze(5, 3, new LstmLayer(4, true, true), new GruLayer(4, true, true), new LstmLayer(4, false));
            Assert.Equal(new[] { "bidirectional", "bidirectional_1", "lstm" }, shapes.Layers.Select(l => l.Name));
            Assert.Equal(new[] { "Bidirectional", "Bidirectional", "Lstm" }, shapes.Layers.Select(l => l.Kind));
        }

        [Fact]
        public void TextModel()
        {
            var shapes = Analyze(Dim.Variable, null, new EmbeddingLayer(10000, 64, true), new LstmLayer(32, false, true), new DropoutLayer(0.5), new DenseLayer(1, Activation.Sigmoid));
            Assert.Empty(shapes.Problems);
            Assert.Equal("(None, None)", shapes.Input.ToKeras());
            Assert.True(shapes.Input.IsTokens);
            Assert.Equal(new[] { "(None, None, 64)", "(None, 64)", "(None, 64)", "(None, 1)" }, shapes.Layers.Select(l => l.Output.ToKeras()));
            Assert.Equal(new[] { 640000L, 2 * 4 * (32 * (64 + 32) + 64), 0, 65 }, shapes.Layers.Select(l => l.ParameterCount));
            Assert.Equal(new[] { "embedding", "bidirectional", "dropout", "dense" }, shapes.Layers.Select(l => l.Name));
        }

        [Fact]
        public void PerStepLayersKeepTheShape()
        {
            var shapes = Analyze(6, 5, new MaskingLayer(0), new LayerNormalizationLayer(), new DropoutLayer(0.1), new DenseLayer(3, Activation.None),
                new GlobalMaxPooling1DLayer(), new LayerNormalizationLayer());
            Assert.False(shapes.HasErrors);
            Assert.Equal(new[] { "(None, 6, 5)", "(None, 6, 5)", "(None, 6, 5)", "(None, 6, 3)", "(None, 3)", "(None, 3)" }, shapes.Layers.Select(l => l.Output.ToKeras()));
            Assert.Equal(new[] { 0L, 10, 0, 18, 0, 6 }, shapes.Layers.Select(l => l.ParameterCount));
            Assert.Equal(new[] { "masking", "layer_normalization", "dropout", "dense", "global_max_pooling1d", "layer_normalization_1" }, shapes.Layers.Select(l => l.Name));
        }

        [Fact]
        public void TokenInputs()
        {
            var ok = Analyze(20, null, new EmbeddingLayer(100, 8, false), new Conv1DLayer(4, 3, Activation.Relu, 1, 1, WindowPadding.Valid));
            Assert.False(ok.HasErrors);
            Assert.Equal("(None, 20)", ok.Input.ToKeras());
            Assert.Equal("(None, 18, 4)", ok.Output.ToKeras());

            Assert.Equal(DiagnosticIds.TokensNeedEmbedding, Assert.Single(Analyze(20, null, new DenseLayer(3, Activation.None)).Problems, p => p.IsError).Id);
            Assert.Equal(DiagnosticIds.MaskingOnTokens, Assert.Single(Analyze(20, null, new MaskingLayer(0), new EmbeddingLayer(5, 5, false)).Problems, p => p.IsError).Id);
            Assert.Equal(DiagnosticIds.EmbeddingNeedsTokens, Assert.Single(Analyze(20, 3, new EmbeddingLayer(5, 5, false), new LstmLayer(2, false)).Problems, p => p.IsError).Id);
        }

        [Fact]
        public void MaskIgnoredOnlyWhenAMaskReachesTheLayer()
        {
            string[] Warnings(params LayerSpec[] layers) =>
                Analyze(10, null, layers).Problems.Where(p => p.Id == DiagnosticIds.MaskIgnored).Select(p => p.Layer + "<-" + p.Related).ToArray();
            Assert.Equal(new[] { "1<-0" }, Warnings(new EmbeddingLayer(9, 4, true), new Conv1DLayer(2, 3, Activation.None, 1, 1, WindowPadding.Same), new MaxPooling1DLayer(2, 2, WindowPadding.Same)));
            Assert.Empty(Warnings(new EmbeddingLayer(9, 4, false), new Conv1DLayer(2, 3, Activation.None, 1, 1, WindowPadding.Same)));
            Assert.Equal(new[] { "3<-0" }, Warnings(new EmbeddingLayer(9, 4, true), new DenseLayer(4, Activation.None), new LstmLayer(4, true), new MaxPooling1DLayer(2, 2, WindowPadding.Valid)));
            Assert.Empty(Warnings(new EmbeddingLayer(9, 4, true), new LstmLayer(4, false), new DenseLayer(3, Activation.None)));
            Assert.Empty(Warnings(new EmbeddingLayer(9, 4, true), new GlobalAveragePooling1DLayer()));
        }

        [Fact]
        public void RatesAndOptions()
        {
            Assert.Equal(new[] { DiagnosticIds.DropoutOutOfRange, DiagnosticIds.DropoutOutOfRange },
                Analyze(4, 4, new DropoutLayer(1), new LstmLayer(2, false, Dropout: -0.5), new DropoutLayer(0.999)).Problems.Select(p => p.Id));
            Assert.Equal(DiagnosticIds.MergeModeWithoutBidirectional, Assert.Single(Analyze(4, 4, new GruLayer(2, false, false, MergeMode.Concat, true)).Problems).Id);
            Assert.Equal(DiagnosticIds.UnsupportedOption, Assert.Single(Analyze(4, 4, new MaxPooling1DLayer(2, 2, WindowPadding.Causal)).Problems, p => p.IsError).Id);
        }

        [Fact]
        public void AttentionAppendsTheContextAndKeepsTheMask()
        {
            // Embedding(MaskZero) → Gru(5, sequences) → Attention → AdditiveAttention → Lstm(2): the mask reaches the Lstm.
            var shapes = Analyze(Dim.Variable, null, new EmbeddingLayer(30, 4, true), new GruLayer(5, true),
                new AttentionLayer(false, true, 0.2), new AdditiveAttentionLayer(true, false, 0), new LstmLayer(2, false));
            Assert.Empty(shapes.Problems);
            Assert.Equal(new[] { "(None, None, 4)", "(None, None, 5)", "(None, None, 10)", "(None, None, 20)", "(None, 2)" },
                shapes.Layers.Select(l => l.Output.ToKeras()));
            Assert.Equal(new[] { 0L, 10 }, shapes.Layers.Skip(2).Take(2).Select(l => l.ParameterCount)); // no scale; a scale per feature
            Assert.Equal(new[] { "embedding", "gru", "attention", "additive_attention", "lstm" }, shapes.Layers.Select(l => l.Name));
            // A mask that reaches Attention is used, never reported as ignored; a Conv1D after it still ignores it.
            var conv = Analyze(6, null, new EmbeddingLayer(30, 4, true), new AttentionLayer(false, false, 0),
                new Conv1DLayer(2, 2, Activation.None, 1, 1, WindowPadding.Same));
            Assert.Equal(new[] { "2<-0" }, conv.Problems.Where(p => p.Id == DiagnosticIds.MaskIgnored).Select(p => p.Layer + "<-" + p.Related));
        }

        [Fact]
        public void AttentionNeedsASequenceAndARate()
        {
            var flat = Assert.Single(Analyze(6, 3, new LstmLayer(4, false), new AttentionLayer(false, false, 0)).Problems);
            Assert.Equal((DiagnosticIds.LayerNeedsSequence, 0, (int?)1, (int?)0), (flat.Id, flat.Layer, flat.Related, flat.ReturnSequencesOn));
            var rate = Assert.Single(Analyze(6, 3, new AdditiveAttentionLayer(true, false, 1.0)).Problems, p => p.IsError);
            Assert.Equal((DiagnosticIds.DropoutOutOfRange, "Dropout"), (rate.Id, rate.Argument));
            Assert.Equal(DiagnosticIds.TokensNeedEmbedding, Assert.Single(Analyze(6, null, new AttentionLayer(false, false, 0)).Problems, p => p.IsError).Id);
        }

        [Fact]
        public void AttentionOverAMemoryNeedsTheQueryWidth()
        {
            // A decoder attending over an encoder's output of 8 features.
            static ModelSpec Decoder(int units) =>
                Model(Dim.Variable, null, new EmbeddingLayer(30, 4, true), new GruLayer(units, true), new AttentionLayer(false, false, 0), new DenseLayer(30, Activation.Softmax));
            var memory = TensorShape.Sequence(Dimension.Unknown, 8);
            var joined = Shapes.Analyze(Decoder(8), memory);
            Assert.False(joined.HasErrors);
            Assert.Equal("(None, None, 16)", joined.Layers[2].Output.ToKeras());

            var problem = Assert.Single(Shapes.Analyze(Decoder(6), memory).Problems, p => p.IsError);
            Assert.Equal((DiagnosticIds.AttentionWidthMismatch, 2, (string?)null), (problem.Id, problem.Layer, problem.Argument));
            Assert.Equal(new[] { "Attention()", "[None, None, 6]", "[None, None, 8]", "give the queries 8 features or the values 6 features" }, problem.Arguments);
            Assert.False(Shapes.Analyze(Decoder(6)).HasErrors); // in a plain stack it attends over its own input
        }
    }
}
