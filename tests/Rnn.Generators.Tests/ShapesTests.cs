using System.Linq;
using Rnn.Generators;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;
using Xunit;

namespace Rnn.Generators.Tests
{
    /// <summary>Shapes is pure: these tests need no compilation.</summary>
    public class ShapesTests
    {
        private static ModelSpec Model(int timesteps, int features, params LayerSpec[] layers) =>
            new ModelSpec("M", new InputSpec(timesteps, features), layers.ToEquatableArray());

        private static LayerSpec SimpleRnn(int units, bool sequences = false, Activation activation = Activation.Tanh) => new SimpleRnnLayer(units, activation, sequences);
        private static LayerSpec Lstm(int units, bool sequences = false) => new LstmLayer(units, sequences);
        private static LayerSpec Gru(int units, bool sequences = false) => new GruLayer(units, sequences);
        private static LayerSpec Dense(int units, Activation activation = Activation.None) => new DenseLayer(units, activation);

        [Fact]
        public void SeedModelMatchesKeras()
        {
            var shapes = Shapes.Analyze(Model(28, 28, SimpleRnn(128, activation: Activation.Relu), Dense(10)));
            Assert.Empty(shapes.Problems);
            Assert.Equal(new[] { "simple_rnn", "dense" }, shapes.Layers.Select(l => l.Name));
            Assert.Equal(new[] { 20224L, 1290L }, shapes.Layers.Select(l => l.ParameterCount));
            Assert.Equal(21514L, shapes.TotalParameters);
            Assert.Equal("(None, 128)", shapes.Layers[0].Output.ToKeras());
            Assert.Equal("(None, 10)", shapes.Output.ToKeras());
            Assert.Equal("[batch, 28, 28]", shapes.Input.ToBatch());
        }

        [Theory]
        [InlineData("SimpleRnn", 28, 64, 64 * (28 + 64) + 2 * 64)]
        [InlineData("Lstm", 28, 64, 4 * (64 * (28 + 64) + 2 * 64))]
        [InlineData("Gru", 28, 64, 3 * (64 * (28 + 64) + 2 * 64))]
        [InlineData("Dense", 28, 64, 28 * 64 + 64)]
        [InlineData("Lstm", 1, 1, 16)]
        public void ParameterCountsAreTorchSharps(string kind, int features, int units, long expected)
        {
            var layer = kind switch
            {
                "SimpleRnn" => SimpleRnn(units),
                "Lstm" => Lstm(units),
                "Gru" => Gru(units),
                "Dense" => Dense(units),
                _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
            };
            Assert.Equal(kind, layer.TypeName);
            var shapes = Shapes.Analyze(Model(5, features, layer));
            Assert.Equal(expected, shapes.Layers[0].ParameterCount);
            Assert.Equal(features, shapes.Layers[0].InputFeatures);
        }

        [Fact]
        public void ReturnSequencesKeepsTheTimeAxis()
        {
            var shapes = Shapes.Analyze(Model(20, 16, SimpleRnn(32, sequences: true), Lstm(24, sequences: true), Gru(16), Dense(4)));
            Assert.Empty(shapes.Problems);
            Assert.Equal(new[] { "(None, 20, 32)", "(None, 20, 24)", "(None, 16)", "(None, 4)" }, shapes.Layers.Select(l => l.Output.ToKeras()));
            Assert.Equal(new[] { 16, 32, 24, 16 }, shapes.Layers.Select(l => l.InputFeatures));
            Assert.Equal(new[] { 1600L, 5568L, 2016L, 68L }, shapes.Layers.Select(l => l.ParameterCount));
        }

        [Fact]
        public void DenseActsOnTheLastAxisOfASequence()
        {
            var shapes = Shapes.Analyze(Model(7, 3, Dense(5), Lstm(4)));
            Assert.Empty(shapes.Problems);
            Assert.Equal("(None, 7, 5)", shapes.Layers[0].Output.ToKeras());
            Assert.Equal(3 * 5 + 5, shapes.Layers[0].ParameterCount);
            Assert.Equal("(None, 4)", shapes.Output.ToKeras());
        }

        [Fact]
        public void NamesCountPerKind()
        {
            var shapes = Shapes.Analyze(Model(4, 4, SimpleRnn(4, true), SimpleRnn(4, true), Lstm(4, true), Gru(4, true), Lstm(4), Dense(3), Dense(2)));
            Assert.Equal(new[] { "simple_rnn", "simple_rnn_1", "lstm", "gru", "lstm_1", "dense", "dense_1" }, shapes.Layers.Select(l => l.Name));
        }

        [Fact]
        public void RecurrentLayerAfterAFlatOutputIsAProblem()
        {
            var shapes = Shapes.Analyze(Model(28, 28, SimpleRnn(64), Lstm(32), Dense(10)));
            var problem = Assert.Single(shapes.Problems);
            Assert.Equal(DiagnosticIds.NeedsSequence, problem.Id);
            Assert.Equal((0, (int?)1), (problem.Layer, problem.Related));
            Assert.Equal("[None, 28, 28] → SimpleRnn(64) → [None, 64]", problem.Arguments[0]);
            Assert.True(shapes.HasErrors);
        }

        [Fact]
        public void SequenceOutputIsInformationOnly()
        {
            var shapes = Shapes.Analyze(Model(28, 28, Gru(8), Lstm(32, sequences: true), Dense(10)));
            Assert.Equal(DiagnosticIds.NeedsSequence, Assert.Single(shapes.Problems).Id);

            shapes = Shapes.Analyze(Model(28, 28, Lstm(32, sequences: true), Dense(10)));
            var problem = Assert.Single(shapes.Problems);
            Assert.Equal(DiagnosticIds.OutputIsSequence, problem.Id);
            Assert.Equal((0, (int?)1), (problem.Layer, problem.Related));
            Assert.Equal("[None, 28, 10]", problem.Arguments[1]);
            Assert.False(shapes.HasErrors);
        }

        [Fact]
        public void SizesAndActivationsAreChecked()
        {
            var shapes = Shapes.Analyze(Model(0, -1, SimpleRnn(0, activation: Activation.Softmax), Dense(3, (Activation)99)));
            Assert.Equal(
                new[] { DiagnosticIds.NonPositiveSize, DiagnosticIds.NonPositiveSize, DiagnosticIds.NonPositiveSize, DiagnosticIds.UnsupportedActivation, DiagnosticIds.UndefinedActivation },
                shapes.Problems.Select(p => p.Id));
            Assert.Equal(new[] { -1, -1, 0, 0, 1 }, shapes.Problems.Select(p => p.Layer));
        }

        [Fact]
        public void NoLayersIsAProblem()
        {
            var shapes = Shapes.Analyze(Model(3, 3));
            Assert.Equal(DiagnosticIds.NoLayers, Assert.Single(shapes.Problems).Id);
        }

        [Fact]
        public void HugeModelsAreReportedNotOverflowed()
        {
            var shapes = Shapes.Analyze(Model(int.MaxValue, int.MaxValue, Lstm(int.MaxValue), Dense(int.MaxValue)));
            var problem = Assert.Single(shapes.Problems); // the Dense layer, f·u + u ≈ 4.6e18, still fits
            Assert.Equal((DiagnosticIds.TooManyParameters, 0), (problem.Id, problem.Layer));
            Assert.Equal(4611686016279904256L, shapes.Layers[1].ParameterCount);
            Assert.Null(shapes.TotalParameters); // reported once, on the Lstm, and never clamped to long.MaxValue

            shapes = Shapes.Analyze(Model(int.MinValue, int.MinValue, Lstm(int.MinValue, true), Gru(int.MinValue)));
            Assert.True(shapes.HasErrors);
        }

        [Fact]
        public void LayersThatFitCanOverflowTheTotal()
        {
            // SimpleRnn: u·(f + u) + 2u. Each layer fits in a long; the sum, 13,835,058,111,116,738,531, does not.
            var shapes = Shapes.Analyze(Model(28, 28, SimpleRnn(int.MaxValue, true), SimpleRnn(int.MaxValue)));
            Assert.Equal(4611686078556930019L, shapes.Layers[0].ParameterCount);
            Assert.Equal(9223372032559808512L, shapes.Layers[1].ParameterCount);
            var problem = Assert.Single(shapes.Problems);
            Assert.Equal((DiagnosticIds.TooManyParameters, 1, "units"), (problem.Id, problem.Layer, problem.Argument));
            Assert.Equal(new[] { "The layers of 'M' up to SimpleRnn(2147483647)", "13,835,058,111,116,738,531" }, problem.Arguments);
            Assert.Null(shapes.TotalParameters);

            // Without ReturnSequences the second layer gets no sequence (RNN0001), and the total is still reported.
            shapes = Shapes.Analyze(Model(28, 28, SimpleRnn(int.MaxValue), SimpleRnn(int.MaxValue)));
            Assert.Contains(shapes.Problems, p => p.Id == DiagnosticIds.TooManyParameters);
            Assert.Null(shapes.TotalParameters);
        }

        [Fact]
        public void HugeNegativeSizesDoNotThrow()
        {
            var conv = new Conv1DLayer(int.MaxValue, int.MinValue, Activation.None, 1, 1, WindowPadding.Same);
            var shapes = Shapes.Analyze(Model(28, int.MaxValue, conv, Dense(2)));
            Assert.Contains(shapes.Problems, p => p.Id == DiagnosticIds.NonPositiveSize);
        }

        [Fact]
        public void ResultsAreStructurallyEqual()
        {
            var a = Shapes.Analyze(Model(28, 28, Lstm(32, true), Dense(10)));
            var b = Shapes.Analyze(Model(28, 28, Lstm(32, true), Dense(10)));
            Assert.Equal(a, b);
            Assert.NotEqual(a, Shapes.Analyze(Model(28, 28, Lstm(32, true), Dense(11))));
        }
    }
}
