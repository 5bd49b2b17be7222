using Rnn.Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Modules
{
    /// <summary>
    /// Keras's <c>Attention</c> (Luong, dot-product): scores q·k, times a learned scalar <c>scale</c> (Keras initialises it
    /// to 1) when <see cref="AttentionLayer.UseScale"/>; 1 parameter with the scale, none without. See
    /// <see cref="AttentionLayer"/> for masks, <see cref="AttentionLayer.Causal"/> and the output.
    /// </summary>
    public sealed class Attention : AttentionLayer
    {
#pragma warning disable IDE1006 // the field name is the parameter name, as Keras's
        private Parameter? scale;
#pragma warning restore IDE1006

        /// <summary>Creates the layer.</summary>
        /// <param name="name">The layer name, e.g. <c>attention</c>.</param>
        /// <param name="useScale">True to learn a scalar that multiplies the scores (starting at 1).</param>
        /// <param name="causal">True to let query step i see value steps 0 … i only.</param>
        /// <param name="dropout">Fraction of the attention weights dropped in training, in [0, 1).</param>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="dropout"/> is outside [0, 1).</exception>
        public Attention(string name, bool useScale, bool causal, double dropout) : base(name, "Attention", useScale, causal, dropout)
        {
            if (useScale)
            {
                scale = Initializers.NewParameter();
                Initializers.Constant(scale, 1);
            }
            RegisterComponents();
        }

        private protected override Tensor Scores(Tensor query, Tensor key)
        {
            var scores = query.matmul(key.transpose(1, 2));
            return scale is null ? scores : scores * scale;
        }

        /// <inheritdoc/>
        private protected override string OnnxScores(OnnxGraphBuilder graph, string query, string key, string hint)
        {
            string scores = graph.Node("MatMul", hint, new[] { query, graph.Transpose(key, hint + "/keys", 0, 2, 1) });
            return scale is null ? scores : graph.Node("Mul", hint + "/scaled", new[] { scores, graph.Initializer(GetName() + ".scale", scale) });
        }
    }
}
