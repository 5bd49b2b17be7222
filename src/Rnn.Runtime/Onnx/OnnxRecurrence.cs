using System.Collections.Generic;
using Onnx;

namespace Rnn.Onnx
{
    /// <summary>How a recurrent layer kind maps onto an ONNX recurrent operator.</summary>
    /// <param name="OpType"><c>RNN</c>, <c>LSTM</c> or <c>GRU</c>.</param>
    /// <param name="GateOrder">For each ONNX gate block in order, the index of the PyTorch gate block it takes (LSTM: ONNX
    /// i, o, f, c from PyTorch i, f, g, o is 0, 3, 1, 2; GRU: ONNX z, r, h from PyTorch r, z, n is 1, 0, 2).</param>
    /// <param name="Attributes">Attributes beyond <c>hidden_size</c> and <c>direction</c>, e.g. activations or <c>linear_before_reset</c>.</param>
    internal sealed record OnnxRecurrence(string OpType, IReadOnlyList<int> GateOrder, IReadOnlyList<AttributeProto> Attributes);
}
