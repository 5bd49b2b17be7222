using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.utils.rnn;

namespace Rnn.Benchmarks
{
    /// <summary>
    /// <see cref="TextGru"/> written by hand with TorchSharp: an embedding, each sequence's length from its non-zero ids,
    /// a packed bidirectional GRU, both directions' final states concatenated, a linear layer.
    /// </summary>
    internal sealed class HandWrittenTextGru : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embedding = nn.Embedding(64, 32);
        private readonly GRU gru = nn.GRU(32, 64, batchFirst: true, bidirectional: true);
        private readonly Linear dense = nn.Linear(128, 10);

        public HandWrittenTextGru() : base("hand_written_text_gru") => RegisterComponents();

        public override Tensor forward(Tensor ids)
        {
            using var scope = NewDisposeScope();
            using var lengths = ids.ne(0L).sum(1, type: ScalarType.Int64).clamp_min(1L).cpu();
            using var packed = pack_padded_sequence(embedding.call(ids), lengths, batch_first: true, enforce_sorted: false);
            var (output, final) = gru.call(packed);
            output.Dispose();
            return dense.call(cat(new[] { final[0], final[1] }, 1)).MoveToOuterDisposeScope();
        }
    }

    /// <summary><see cref="ConvLstm"/> written by hand: conv1d with ReLU, max pooling, an LSTM's last step, a linear layer.</summary>
    internal sealed class HandWrittenConvLstm : nn.Module<Tensor, Tensor>
    {
        private readonly Conv1d conv = nn.Conv1d(8, 32, 5);
        private readonly LSTM lstm = nn.LSTM(32, 32, batchFirst: true);
        private readonly Linear dense = nn.Linear(32, 10);

        public HandWrittenConvLstm() : base("hand_written_conv_lstm") => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var features = nn.functional.max_pool1d(nn.functional.relu(conv.call(input.transpose(1, 2))), 2).transpose(1, 2);
            return dense.call(lstm.call(features).Item1.select(1, -1)).MoveToOuterDisposeScope();
        }
    }
}
