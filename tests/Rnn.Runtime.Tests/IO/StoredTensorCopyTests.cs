using System;
using System.Collections.Generic;
using System.IO;
using Rnn.IO;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>The one matcher and copier of weights files and training checkpoints.</summary>
    public sealed class StoredTensorCopyTests
    {
        private static StoredTensor Stored(string name, Tensor values)
        {
            using var contiguous = values.contiguous();
            return new StoredTensor(name, values.dtype, values.shape, new ArraySegment<byte>(contiguous.bytes.ToArray()));
        }

        private static Dictionary<string, StoredTensor> ByName(params StoredTensor[] stored) =>
            StoredTensorCopy.ByName(stored, name => new InvalidDataException($"twice: {name}"));

        [Fact]
        public void Values_matched_in_a_scope_that_has_ended_are_written_later_into_contiguous_and_non_contiguous_targets()
        {
            using var dense = zeros(2, 3);
            using var transposedBase = zeros(3, 2);
            using var transposed = transposedBase.t();
            var targets = new Dictionary<string, Tensor> { ["dense"] = dense, ["grid"] = transposed };
            using var denseValues = arange(6, ScalarType.Float32).reshape(2, 3);
            using var gridValues = arange(10, 16, ScalarType.Float32).reshape(2, 3);
            var stored = ByName(Stored("p/grid", gridValues), Stored("p/dense", denseValues));

            StoredTensorCopy copy;
            using (NewDisposeScope()) copy = StoredTensorCopy.Match(stored, "p/", targets, "the test", d => new InvalidDataException(d));
            using (copy)
            {
                using var total = dense.sum();
                Assert.Equal(0, total.item<float>()); // matching writes nothing
                copy.Apply(targets);
            }

            Assert.True(dense.allclose(denseValues, rtol: 0, atol: 0));
            Assert.False(transposed.is_contiguous());
            Assert.True(transposed.allclose(gridValues, rtol: 0, atol: 0));
        }

        [Theory]
        [InlineData("missing", "tensor 'p/b' of the test: expected [2] Float32, found no such tensor in the file")]
        [InlineData("shape", "tensor 'p/b' of the test: expected [2] Float32, found [3] Float32")]
        [InlineData("type", "tensor 'p/b' of the test: expected [2] Float32, found [2] Float64")]
        [InlineData("extra", "tensor 'p/c' of the test: expected no such tensor, found [1] Float32")]
        public void The_first_difference_is_named_with_expected_and_found(string problem, string difference)
        {
            using var scope = NewDisposeScope();
            var a = zeros(2);
            var b = zeros(2);
            var targets = new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b };
            var stored = new List<StoredTensor> { Stored("p/a", ones(2)), Stored("q/b", ones(5)) };
            if (problem == "shape") stored.Add(Stored("p/b", ones(3)));
            if (problem == "type") stored.Add(Stored("p/b", ones(2, ScalarType.Float64)));
            if (problem == "extra") stored.AddRange(new[] { Stored("p/b", ones(2)), Stored("p/c", ones(1)) });

            var e = Assert.Throws<InvalidDataException>(() =>
                StoredTensorCopy.Match(ByName(stored.ToArray()), "p/", targets, "the test", d => new InvalidDataException(d)));
            Assert.Equal(difference, e.Message);
        }
    }
}
