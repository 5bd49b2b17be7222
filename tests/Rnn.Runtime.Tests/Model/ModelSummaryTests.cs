using Xunit;

namespace Rnn.Runtime.Tests.Model
{
    public class ModelSummaryTests
    {
        [Fact]
        public void Seed_model_summary_matches_the_Keras_layout()
        {
            var text = ModelSummary.Format("MnistRnn", new[]
            {
                new LayerInfo("simple_rnn", "SimpleRnn", new Shape(null, 128), 20224),
                new LayerInfo("dense", "Dense", new Shape(null, 10), 1290),
            });
            const string expected =
                "Model: \"MnistRnn\"\n" +
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓\n" +
                "┃ Layer (type)                      ┃ Output Shape             ┃         Param # ┃\n" +
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩\n" +
                "│ simple_rnn (SimpleRnn)            │ (None, 128)              │          20,224 │\n" +
                "├───────────────────────────────────┼──────────────────────────┼─────────────────┤\n" +
                "│ dense (Dense)                     │ (None, 10)               │           1,290 │\n" +
                "└───────────────────────────────────┴──────────────────────────┴─────────────────┘\n" +
                " Total params: 21,514 (84.04 KB)\n" +
                " Trainable params: 21,514 (84.04 KB)\n" +
                " Non-trainable params: 0 (0.00 B)\n";
            Assert.Equal(expected, text);
        }

        [Theory]
        [InlineData(0, "0.00 B")]
        [InlineData(1023, "1023.00 B")]
        [InlineData(86056, "84.04 KB")]
        [InlineData(5 * 1024 * 1024, "5.00 MB")]
        public void Sizes_use_binary_units(long bytes, string expected) => Assert.Equal(expected, ModelSummary.Size(bytes));

        [Fact]
        public void Shapes_print_in_Keras_and_batch_notation()
        {
            var shape = new Shape(null, 28, 10);
            Assert.Equal("(None, 28, 10)", shape.ToString());
            Assert.Equal("[batch, 28, 10]", shape.ToBatchString());
            Assert.Equal(new Shape(null, 28, 10), shape);
            Assert.NotEqual(new Shape(null, 28), shape);
            Assert.True(shape.Matches(new long[] { 3, 28, 10 }));
            Assert.False(shape.Matches(new long[] { 3, 28 }));
            Assert.False(shape.Matches(new long[] { 3, 28, 11 }));
        }
    }
}
