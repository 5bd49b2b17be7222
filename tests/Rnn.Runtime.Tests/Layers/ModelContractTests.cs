using System;
using System.Linq;
using Rnn.Runtime.Tests.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>RnnModel.ForwardWithMask, GeneratedModelSupport.CheckTokenInput and Shape's unknown time dimension.</summary>
    public class ModelContractTests
    {
        [Fact]
        public void ForwardWithMask_defaults_to_Forward_and_no_mask()
        {
            var model = new TestRnn(units: 4, seed: 1);
            using var scope = NewDisposeScope();
            var x = rand(2, 5, 28);
            var (output, mask) = model.ForwardWithMask(x);
            Assert.Null(mask);
            Assert.Equal(0f, (output - model.Forward(x)).abs().max().item<float>());
        }

        [Fact]
        public void A_text_model_returns_its_mask()
        {
            using var model = new ModuleModels.Tagger(2);
            using var scope = NewDisposeScope();
            var ids = tensor(new long[] { 5, 6, 7, 0, 9, 0, 0, 0 }, new long[] { 2, 4 });
            var (output, mask) = model.ForwardWithMask(ids);
            Assert.Equal(new long[] { 2, 4, 3 }, output.shape);
            Assert.Equal(new[] { true, true, true, false, true, false, false, false }, mask!.data<bool>().ToArray());
            Assert.Equal(new[] { "embedding.weight", "bidirectional.weight_ih_l0" }, model.named_parameters().Select(p => p.name).Take(2));
            Assert.Equal(50 * 8 + 2 * 4 * (6 * 8 + 6 * 6 + 12) + 12 * 3 + 3, model.parameters().Sum(p => p.numel()));
        }

        [Fact]
        public void Shape_with_unknown_time()
        {
            var shape = new Shape(null, null, 28);
            Assert.Equal("(None, None, 28)", shape.ToString());
            Assert.Equal("[batch, time, 28]", shape.ToBatchString());
            Assert.True(shape.Matches(new long[] { 4, 3, 28 }));
            Assert.True(shape.Matches(new long[] { 1, 100, 28 }));
            Assert.False(shape.Matches(new long[] { 4, 3, 27 }));
            Assert.Equal("[batch, time]", new Shape(null, null).ToBatchString());
        }

        [Fact]
        public void CheckTokenInput_accepts_int64_ids_and_names_what_is_wrong()
        {
            NativeSetup.EnsureLoaded();
            var fixedLength = new Shape(null, 100);
            using var ids = zeros(new long[] { 3, 100 }, ScalarType.Int64);
            GeneratedModelSupport.CheckTokenInput(ids, "TextModel", fixedLength);
            using var anyLength = zeros(new long[] { 3, 7 }, ScalarType.Int64);
            GeneratedModelSupport.CheckTokenInput(anyLength, "TextModel", new Shape(null, null));

            using var floats = zeros(3, 100);
            var e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckTokenInput(floats, "TextModel", fixedLength));
            Assert.Equal("input", e.ParamName);
            Assert.StartsWith("TextModel expects int64 token ids [batch, 100] but got Float32 [3, 100].", e.Message);
            using var shortIds = zeros(new long[] { 3, 99 }, ScalarType.Int64);
            e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckTokenInput(shortIds, "TextModel", fixedLength));
            Assert.StartsWith("TextModel expects token ids [batch, 100] but got [3, 99].", e.Message);
            using var rank3 = zeros(new long[] { 3, 100, 1 }, ScalarType.Int64);
            e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckTokenInput(rank3, "TextModel", fixedLength));
            Assert.StartsWith("TextModel expects token ids [batch, 100] but got [3, 100, 1].", e.Message);
            Assert.Throws<ArgumentNullException>(() => GeneratedModelSupport.CheckTokenInput(null!, "TextModel", fixedLength));
        }

        [Fact]
        public void CheckInput_accepts_any_length_for_an_unknown_time()
        {
            NativeSetup.EnsureLoaded();
            var shape = new Shape(null, null, 28);
            using var x = zeros(2, 13, 28);
            GeneratedModelSupport.CheckInput(x, "AnyLength", shape);
            using var wrong = zeros(2, 13, 27);
            var e = Assert.Throws<ArgumentException>(() => GeneratedModelSupport.CheckInput(wrong, "AnyLength", shape));
            Assert.StartsWith("AnyLength expects input [batch, time, 28] but got [2, 13, 27].", e.Message);
        }
    }
}
