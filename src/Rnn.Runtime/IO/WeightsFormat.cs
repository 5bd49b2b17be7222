using System;
using System.IO;

namespace Rnn.IO
{
    /// <summary>The file formats <see cref="RnnModel.SaveWeights"/> and <see cref="RnnModel.LoadWeights"/> read and write, chosen by extension.</summary>
    internal enum WeightsFormat
    {
        /// <summary>Rnn's own checksummed format (<see cref="WeightsFile"/>): any extension but the two below.</summary>
        Rnn,

        /// <summary><c>.pt</c>: the zip archive <c>torch.save(model.state_dict(), path)</c> writes (<see cref="PyTorchFile"/>).</summary>
        PyTorch,

        /// <summary><c>.safetensors</c> (<see cref="SafetensorsFile"/>).</summary>
        Safetensors,
    }

    /// <summary>Picks the <see cref="WeightsFormat"/> of a path.</summary>
    internal static class WeightsFormats
    {
        /// <summary>The format a path's extension selects (case-insensitive).</summary>
        public static WeightsFormat Of(string path)
        {
            string extension = Path.GetExtension(path);
            if (extension.Equals(".pt", StringComparison.OrdinalIgnoreCase)) return WeightsFormat.PyTorch;
            if (extension.Equals(".safetensors", StringComparison.OrdinalIgnoreCase)) return WeightsFormat.Safetensors;
            return WeightsFormat.Rnn;
        }
    }
}
