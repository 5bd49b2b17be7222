using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.Generators.Layers;
using Rnn.Generators.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn.Generators.Tests.Oracle
{
    /// <summary>What real TorchSharp modules did with one layer: the output dimensions after the batch and the parameter count.</summary>
    internal sealed record ActualLayer(long[] Output, long ParameterCount)
    {
        public string Shape => "[None, " + string.Join(", ", Output) + "]";
    }

    /// <summary>The oracle's verdict on a stack: the layers when it ran, or why it could not.</summary>
    internal sealed record OracleVerdict(bool IsValid, IReadOnlyList<ActualLayer> Layers, string? Cause, string? Reason)
    {
        public static OracleVerdict Invalid(string cause, string reason) => new(false, Array.Empty<ActualLayer>(), cause, reason);
    }

    /// <summary>
    /// Runs a stack on real TorchSharp modules, independently of Rnn.Runtime and of the generator's shape logic: every
    /// module is built from the ACTUAL last dimension of the tensor that reaches it, so nothing here predicts a shape.
    /// </summary>
    /// <remarks>
    /// A stack is valid when TorchSharp runs the forward pass under our Keras semantics:
    /// <list type="bullet">
    /// <item>Recurrent layers are <c>nn.RNN/LSTM/GRU(batchFirst: true)</c>; without ReturnSequences the last step is
    /// selected, <c>output.select(1, -1)</c>; Dense is <c>nn.Linear</c> on the last axis followed by its activation.</item>
    /// <item>Whenever TorchSharp throws (a negative size in a tensor or module, say), the stack is invalid.</item>
    /// <item>A recurrent layer needs a rank-3 [batch, time, features] input. The rank-2 input is handed to TorchSharp
    /// anyway, and TorchSharp 0.107 decides ("input must have 3 dimensions, got 2"). PyTorch's RNN modules accept a
    /// rank-2 tensor as one UNBATCHED sequence [time, features], reading our batch axis as time; should TorchSharp ever
    /// do the same, the forward pass would "succeed" on a flat [batch, features] output, which under Keras semantics is
    /// the error of feeding a recurrent layer without a sequence, so the oracle then reports the stack invalid itself.</item>
    /// <item>SimpleRnn's activation must be one of TorchSharp's <see cref="nn.NonLinearities"/> (looked up by name in
    /// TorchSharp's enum); Dense's must be an <see cref="Activation"/> member the oracle can apply.</item>
    /// <item>Every tensor in the flow must be non-empty. TorchSharp computes happily on zero-size tensors (a zero
    /// timestep input, or a layer of zero units, gives an empty result rather than an exception), but Keras rejects
    /// non-positive sizes and an empty activation is no forward pass of the model; the oracle checks the actual tensors.</item>
    /// </list>
    /// </remarks>
    internal static class TorchOracle
    {
        private const int Batch = 2;

        /// <summary>Causes of invalidity, for the tally.</summary>
        public const string Threw = "TorchSharp threw", NotASequence = "rank-2 input to a recurrent layer",
            NoSuchActivation = "no such activation", Empty = "empty tensor";

        public static OracleVerdict Run(RandomStack stack)
        {
            using var scope = torch.NewDisposeScope();
            var modules = new List<IDisposable>();
            try
            {
                return RunCore(stack, modules);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return OracleVerdict.Invalid(Threw, "TorchSharp threw " + e.GetType().Name + ": " + FirstLine(e.Message));
            }
            finally
            {
                foreach (var module in modules) module.Dispose();
            }
        }

        private static OracleVerdict RunCore(RandomStack stack, List<IDisposable> modules)
        {
            Tensor x = torch.randn(Batch, stack.Timesteps, stack.Features);
            if (x.numel() == 0) return OracleVerdict.Invalid(Empty, "the input " + Describe(x) + " is empty");

            var layers = new List<ActualLayer>();
            for (int i = 0; i < stack.Layers.Count; i++)
            {
                var layer = stack.Layers[i];
                long inputSize = x.shape[^1];
                long parameters;
                if (layer is DenseLayer dense)
                {
                    var linear = nn.Linear(inputSize, dense.Units, hasBias: true);
                    modules.Add(linear);
                    parameters = Count(linear.parameters());
                    x = linear.forward(x);
                    if (!TryApply(dense.Activation, ref x))
                        return OracleVerdict.Invalid(NoSuchActivation, $"layer {i}: Dense has no activation {(int)dense.Activation}");
                }
                else
                {
                    var recurrent = (RecurrentLayer)layer;
                    long rank = x.dim();
                    Tensor output;
                    switch (layer)
                    {
                        case SimpleRnnLayer simple:
                        {
                            string? name = Enum.GetNames(typeof(nn.NonLinearities))
                                .FirstOrDefault(n => string.Equals(n, simple.Activation.ToString(), StringComparison.OrdinalIgnoreCase));
                            if (name is null)
                                return OracleVerdict.Invalid(NoSuchActivation, $"layer {i}: TorchSharp's RNN has no nonlinearity {simple.Activation}");
                            var nonLinearity = (nn.NonLinearities)Enum.Parse(typeof(nn.NonLinearities), name);
                            var rnn = nn.RNN(inputSize, simple.Units, numLayers: 1, nonLinearity: nonLinearity, bias: true, batchFirst: true);
                            modules.Add(rnn);
                            parameters = Count(rnn.parameters());
                            output = rnn.forward(x, null).Item1;
                            break;
                        }
                        case LstmLayer:
                        {
                            var lstm = nn.LSTM(inputSize, recurrent.Units, numLayers: 1, bias: true, batchFirst: true);
                            modules.Add(lstm);
                            parameters = Count(lstm.parameters());
                            output = lstm.forward(x, null).Item1;
                            break;
                        }
                        case GruLayer:
                        {
                            var gru = nn.GRU(inputSize, recurrent.Units, numLayers: 1, bias: true, batchFirst: true);
                            modules.Add(gru);
                            parameters = Count(gru.parameters());
                            output = gru.forward(x, null).Item1;
                            break;
                        }
                        default:
                            throw new ArgumentOutOfRangeException(nameof(stack), layer, "Not a kind the oracle knows.");
                    }
                    // Reached only when TorchSharp accepted the input: a rank-2 one it would read as one unbatched sequence.
                    if (rank != 3)
                        return OracleVerdict.Invalid(NotASequence, $"layer {i}: {layer.TypeName} got {rank}-D input, not [batch, time, features]");
                    x = recurrent.ReturnSequences ? output : output.select(1, -1);
                }

                if (x.shape[0] != Batch)
                    return OracleVerdict.Invalid("lost the batch axis", $"layer {i}: {layer.TypeName} lost the batch axis, {Describe(x)}");
                if (x.numel() == 0)
                    return OracleVerdict.Invalid(Empty, $"layer {i}: {layer.Display} gave an empty {Describe(x)}");
                layers.Add(new ActualLayer(x.shape.Skip(1).ToArray(), parameters));
            }
            return new OracleVerdict(true, layers, null, null);
        }

        private static bool TryApply(Activation activation, ref Tensor x)
        {
            switch (activation)
            {
                case Activation.None: return true;
                case Activation.Tanh: x = torch.tanh(x); return true;
                case Activation.Relu: x = torch.nn.functional.relu(x); return true;
                case Activation.Sigmoid: x = torch.sigmoid(x); return true;
                case Activation.Softmax: x = torch.softmax(x, -1); return true;
                default: return false;
            }
        }

        private static long Count(IEnumerable<TorchSharp.Modules.Parameter> parameters) => parameters.Sum(p => p.numel());

        private static string Describe(Tensor x) => "[" + string.Join(", ", x.shape) + "]";

        private static string FirstLine(string message)
        {
            int newline = message.IndexOf('\n');
            return newline < 0 ? message : message.Substring(0, newline);
        }
    }
}
