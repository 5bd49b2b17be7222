using System;
using Xunit;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>The window arithmetic the runtime's Conv1D and MaxPooling1D share with the generator (one linked file).</summary>
    public sealed class WindowsTests
    {
        [Fact]
        public void Output_lengths_follow_Keras_conv_output_length()
        {
            Assert.Equal(5, Windows.Span(3, 2));
            Assert.Equal(4L, Windows.OutputLength(10, 3, 2, WindowPadding.Valid)); // ⌈(10 − 3 + 1) / 2⌉
            Assert.Equal(5L, Windows.OutputLength(10, 3, 2, WindowPadding.Same));  // ⌈10 / 2⌉
            Assert.Equal(5L, Windows.OutputLength(10, 3, 2, WindowPadding.Causal));
            Assert.Null(Windows.OutputLength(2, 3, 1, WindowPadding.Valid));       // the window does not fit
        }

        [Fact]
        public void Pads_follow_TensorFlow_with_the_odd_step_after()
        {
            Assert.Equal((0L, 0L), Windows.Pads(WindowPadding.Valid, 10, 3, 2));
            Assert.Equal((2L, 0L), Windows.Pads(WindowPadding.Causal, 10, 3, 2));
            Assert.Equal((0L, 1L), Windows.Pads(WindowPadding.Same, 10, 3, 2)); // 5 windows cover 11 steps
            Assert.Equal((1L, 1L), Windows.Pads(WindowPadding.Same, 10, 3, 1));
            Assert.Equal((0L, 0L), Windows.Pads(WindowPadding.Same, 5, 1, 3)); // a stride longer than the window needs none
        }

        [Fact]
        public void An_unknown_padding_is_refused_rather_than_taken_for_Same()
        {
            var unknown = (WindowPadding)7;
            Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => Windows.Pads(unknown, 10, 3, 1)).ParamName);
            Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => Windows.OutputLength(10, 3, 1, unknown)).ParamName);
        }
    }
}
