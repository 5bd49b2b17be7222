using System;
using System.Linq;
using Rnn.IO;
using Xunit;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>The one table of weights formats: which extension selects which format.</summary>
    public sealed class WeightsFormatTests
    {
        [Theory]
        [InlineData("model.pt", ".pt")]
        [InlineData("MODEL.PT", ".pt")]
        [InlineData("dir.v2/model.safetensors", ".safetensors")]
        [InlineData("model.SafeTensors", ".safetensors")]
        public void The_extension_selects_its_format_whatever_its_case(string path, string extension) =>
            Assert.Equal(extension, WeightsFormat.Of(path).Extension);

        [Theory]
        [InlineData("model.weights")]
        [InlineData("model")]
        [InlineData("model.pt.bak")]
        [InlineData("model.pth")]
        public void Every_other_extension_is_Rnns_format(string path) => Assert.Same(WeightsFormat.Rnn, WeightsFormat.Of(path));

        [Fact]
        public void Each_extension_is_listed_once_and_Rnns_format_has_none()
        {
            var extensions = WeightsFormat.ByExtension.Select(f => f.Extension!.ToLowerInvariant()).ToList();
            Assert.Equal(extensions.Distinct(StringComparer.Ordinal), extensions);
            Assert.DoesNotContain(WeightsFormat.Rnn, WeightsFormat.ByExtension);
            Assert.Null(WeightsFormat.Rnn.Extension);
        }
    }
}
