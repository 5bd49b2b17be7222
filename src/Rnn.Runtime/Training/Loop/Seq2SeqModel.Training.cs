using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class Seq2SeqModel
    {
        /// <summary>
        /// Trains the model with teacher forcing, as Keras's <c>model.fit([source, target_input], target)</c>, and returns
        /// the per-epoch metrics. Every option works as in <see cref="RnnModel.Fit(Tensor, Tensor, int, int, double, bool, long?, System.ValueTuple{Tensor, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>.
        /// With the default loss, sparse categorical cross-entropy, the padded steps of the target (id 0, when the
        /// decoder's Embedding has <c>MaskZero</c>) are left out of the loss and the accuracy.
        /// </summary>
        /// <param name="x">The two inputs, with the same samples: <c>Source</c>, the encoder's input (e.g. int64 token ids
        /// [samples, sourceTime], right-padded with 0); <c>TargetInput</c>, the decoder's input, int64 token ids
        /// [samples, targetTime]: the start token, then each target but its last token, right-padded with 0.</param>
        /// <param name="y">The targets, int64 token ids [samples, targetTime]: each target followed by the end token, i.e.
        /// <c>TargetInput</c> shifted by one step, right-padded with 0.</param>
        /// <param name="epochs">The epoch to stop before: epochs <paramref name="initialEpoch"/> to epochs − 1 run.</param>
        /// <param name="batchSize">Samples per gradient step; the last batch may be smaller.</param>
        /// <param name="validationSplit">Fraction of the samples, taken from the end before shuffling, held out for the
        /// <c>val_</c> metrics; 0 for none.</param>
        /// <param name="shuffle">Shuffle the training samples before each epoch.</param>
        /// <param name="seed">Seed for the shuffling; null uses TorchSharp's global generator (which also draws dropout's
        /// masks: set it with <c>torch.manual_seed</c> for a repeatable run).</param>
        /// <param name="validationData">Separate validation inputs and targets, instead of <paramref name="validationSplit"/>.</param>
        /// <param name="verbose">0 silent; 1 a progress bar (plain lines when redirected); 2 one line per epoch.</param>
        /// <param name="output">Where progress goes; default <see cref="System.Console.Out"/>.</param>
        /// <param name="callbacks">Called at the start and end of training, of each epoch and of each batch.</param>
        /// <param name="classWeight">A weight per target token id, as Keras's <c>class_weight</c>.</param>
        /// <param name="initialEpoch">The epoch to start at, for resuming an earlier run.</param>
        /// <returns>The <see cref="History"/> of <c>loss</c>, the compiled metrics and, when validating, their <c>val_</c> forms.</returns>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it (an input as
        /// <c>x.Source</c> or <c>x.TargetInput</c>) and gives the expected and actual value.</exception>
        public History Fit((Tensor Source, Tensor TargetInput) x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
            bool shuffle = true, long? seed = null, ((Tensor Source, Tensor TargetInput) X, Tensor Y)? validationData = null, int verbose = 1,
            TextWriter? output = null, IReadOnlyList<Callback>? callbacks = null, IReadOnlyDictionary<int, double>? classWeight = null,
            int initialEpoch = 0)
        {
            var validation = validationData is ((Tensor vs, Tensor vt), Tensor vy) ? (new[] { vs, vt }, vy) : ((Tensor[], Tensor)?)null;
            return FitInputs(new[] { x.Source, x.TargetInput }, y, new FitOptions(epochs, batchSize, validationSplit, validation, shuffle, seed, verbose,
                output, callbacks ?? System.Array.Empty<Callback>(), classWeight, initialEpoch));
        }

        /// <summary>
        /// The mean loss, the accuracy and the compiled metrics with teacher forcing, as Keras's <c>model.evaluate</c>: in
        /// evaluation mode, without gradients, in batches; padded target steps do not count.
        /// </summary>
        /// <param name="x">The two inputs, as for <see cref="Fit(System.ValueTuple{Tensor, Tensor}, Tensor, int, int, double, bool, long?, System.ValueTuple{System.ValueTuple{Tensor, Tensor}, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int)"/>.</param>
        /// <param name="y">The targets, as for Fit.</param>
        /// <param name="batchSize">Samples per batch.</param>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public Evaluation Evaluate((Tensor Source, Tensor TargetInput) x, Tensor y, int batchSize = 32) =>
            EvaluateInputs(new[] { x.Source, x.TargetInput }, y, batchSize);
    }
}
