using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The CUDA generator (dropout's masks on a GPU) made resumable. TorchSharp 0.107 can seed it
    /// (<c>torch.cuda.manual_seed_all</c>) but cannot read or set its state, so a training checkpoint cannot hold it.
    /// Instead, when the model trains on a GPU, every epoch starts by seeding it with a number drawn from TorchSharp's
    /// global CPU generator, whose state every checkpoint holds (<c>rng.global</c>): a resumed run seeds each epoch as
    /// the uninterrupted run did, and <c>torch.manual_seed</c> makes a GPU run repeatable too. On the CPU nothing is
    /// drawn or seeded, so CPU runs and their checkpoints are as they were.
    /// </summary>
    internal static class CudaRandom
    {
        /// <summary>Seeds the CUDA generators for the epoch about to start, when <paramref name="device"/> is a GPU.</summary>
        public static void SeedEpoch(Device device)
        {
            if (device.type != DeviceType.CUDA) return;
            using var draw = randint(long.MaxValue, new long[] { 1 }, dtype: ScalarType.Int64);
            cuda.manual_seed_all(draw.LongValue());
        }
    }
}
