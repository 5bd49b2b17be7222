using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// The four sample architectures written by hand with TorchSharp modules, as a careful user would without the
    /// generator: batch-first recurrent layers, the last step, a Dense layer.
    /// </summary>
    internal sealed class HandWrittenModel : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module? rnn;
        private readonly LSTM? lstm, lstm2;
        private readonly GRU? gru;
        private readonly Linear dense;
        private readonly string _kind;

        public HandWrittenModel(string kind) : base("hand_written_" + kind)
        {
            _kind = kind;
            switch (kind)
            {
                case "rnn": rnn = nn.RNN(28, 128, nonLinearity: nn.NonLinearities.ReLU, batchFirst: true); dense = nn.Linear(128, 10); break;
                case "lstm": lstm = nn.LSTM(28, 128, batchFirst: true); dense = nn.Linear(128, 10); break;
                case "gru": gru = nn.GRU(28, 128, batchFirst: true); dense = nn.Linear(128, 10); break;
                case "stacked": lstm = nn.LSTM(28, 64, batchFirst: true); lstm2 = nn.LSTM(64, 64, batchFirst: true); dense = nn.Linear(64, 10); break;
                default: throw new ArgumentException($"unknown model kind '{kind}'", nameof(kind));
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            Tensor sequence = _kind switch
            {
                "rnn" => ((RNN)rnn!).call(input).Item1,
                "lstm" => lstm!.call(input).Item1,
                "gru" => gru!.call(input).Item1,
                _ => lstm2!.call(lstm!.call(input).Item1).Item1,
            };
            return dense.call(sequence.select(1, -1));
        }
    }
}
