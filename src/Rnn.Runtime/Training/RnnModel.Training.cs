using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        private TrainingSetup? _trainingSetup;

        /// <summary>
        /// Set to true (e.g. from a <see cref="Callback"/>) to stop <see cref="Fit"/> after the current epoch, as
        /// Keras's <c>model.stop_training</c>. Fit resets it when it starts.
        /// </summary>
        public bool StopTraining { get; set; }

        /// <summary>Releases the optimizer with the model's weights.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _trainingSetup?.Dispose();
                _trainingSetup = null;
            }
            base.Dispose(disposing);
        }

        /// <summary>
        /// The optimizer's current learning rate, as Keras's <c>model.optimizer.learning_rate</c>. Setting it (e.g. from a
        /// <see cref="LearningRateScheduler"/>) changes the rate of the next steps; Adam's moments are kept.
        /// </summary>
        /// <exception cref="System.ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
        public double LearningRate
        {
            get
            {
                if (_trainingSetup is null) Compile();
                return _trainingSetup!.CurrentLearningRate(this);
            }
            set
            {
                if (!(value > 0 && double.IsFinite(value)))
                    throw new System.ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}.LearningRate must be a positive finite number, but was {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.");
                if (_trainingSetup is null) Compile();
                _trainingSetup!.SetLearningRate(this, value);
            }
        }

        /// <summary>
        /// Configures training, as Keras's <c>model.compile</c>:
        /// <code>model.Compile(optimizer: Optimizers.Adam(1e-3), loss: Losses.SparseCategoricalCrossentropy(fromLogits: true));</code>
        /// Unset arguments take the defaults <see cref="Fit"/> uses without Compile: Adam with learning rate 1e-3,
        /// sparse categorical cross-entropy from logits, and the <c>accuracy</c> metric. Compiling again starts a new
        /// optimizer (its state, such as Adam's moments, is reset); the weights are kept.
        /// </summary>
        /// <param name="optimizer">From <see cref="Optimizers"/>; default Adam(1e-3).</param>
        /// <param name="loss">From <see cref="Losses"/>; default sparse categorical cross-entropy from logits.</param>
        /// <param name="metrics">Metrics to report besides the loss: <c>"accuracy"</c> (the default) or none.</param>
        /// <exception cref="System.ArgumentException">A metric is not supported.</exception>
        public void Compile(OptimizerSettings? optimizer = null, LossFunction? loss = null, IEnumerable<string>? metrics = null)
        {
            var setup = new TrainingSetup(optimizer ?? Optimizers.Adam(), loss ?? Losses.SparseCategoricalCrossentropy(fromLogits: true),
                metrics ?? new[] { TrainingSetup.Accuracy }, GetType().Name);
            _trainingSetup?.Dispose();
            _trainingSetup = setup;
        }

        /// <summary>
        /// Trains the model, as Keras's <c>model.fit</c>, and returns the per-epoch metrics.
        /// </summary>
        /// <param name="x">Inputs, float32: [samples, timesteps, features].</param>
        /// <param name="y">Integer class labels (int64, or another integer type): [samples].</param>
        /// <param name="epochs">Number of passes over the training data.</param>
        /// <param name="batchSize">Samples per gradient step; the last batch may be smaller.</param>
        /// <param name="validationSplit">Fraction of the samples, taken from the end before shuffling (as Keras does),
        /// held out to compute <c>val_loss</c> and <c>val_accuracy</c> after each epoch; 0 for none.</param>
        /// <param name="validationData">Separate validation inputs and labels, instead of <paramref name="validationSplit"/>.</param>
        /// <param name="shuffle">Shuffle the training samples before each epoch.</param>
        /// <param name="seed">Seed for the shuffling; null uses TorchSharp's global generator (<c>torch.manual_seed</c>).
        /// The same seed, data and initial weights give the same losses.</param>
        /// <param name="verbose">0 silent; 1 a live progress bar on a terminal and one plain line per epoch when the
        /// output is redirected or is another writer; 2 one plain line per epoch.</param>
        /// <param name="output">Where progress goes; default <see cref="System.Console.Out"/>.</param>
        /// <param name="callbacks">Called at the start and end of training and of each epoch, e.g. <see cref="ModelCheckpoint"/>.</param>
        /// <returns>The <see cref="History"/> of <c>loss</c>, <c>accuracy</c> and, when validating, <c>val_loss</c> and <c>val_accuracy</c>.</returns>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
            bool shuffle = true, long? seed = null, (Tensor X, Tensor Y)? validationData = null, int verbose = 1,
            TextWriter? output = null, IReadOnlyList<Callback>? callbacks = null)
        {
            NativeSetup.EnsureLoaded();
            if (_trainingSetup is null) Compile();
            return TrainingLoop.Fit(this, _trainingSetup!, x, y, epochs, batchSize, validationSplit, validationData, shuffle, seed,
                verbose, output, callbacks);
        }

        /// <summary>
        /// The mean loss and the accuracy on <paramref name="x"/> and <paramref name="y"/>, as Keras's
        /// <c>model.evaluate</c>: in evaluation mode, without gradients, in batches; the training mode is restored after.
        /// Deconstructs: <c>var (loss, accuracy) = model.Evaluate(testX, testY);</c>
        /// </summary>
        /// <param name="x">Inputs, float32: [samples, timesteps, features].</param>
        /// <param name="y">Integer class labels: [samples].</param>
        /// <param name="batchSize">Samples per batch.</param>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public Evaluation Evaluate(Tensor x, Tensor y, int batchSize = 32)
        {
            NativeSetup.EnsureLoaded();
            return TrainingLoop.Evaluate(this, CompiledSetup(), x, y, batchSize, check: true);
        }

        /// <summary>
        /// The model's raw outputs for <paramref name="x"/>, as Keras's <c>model.predict</c>: computed in batches, in
        /// evaluation mode, without gradients. For a model ending in a Dense layer without activation these are logits
        /// [samples, classes]; apply <c>softmax(-1)</c> for probabilities, <c>argmax(-1)</c> for the predicted classes.
        /// The caller owns (and disposes) the returned tensor.
        /// </summary>
        /// <param name="x">Inputs, float32: [samples, timesteps, features].</param>
        /// <param name="batchSize">Samples per batch.</param>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public Tensor Predict(Tensor x, int batchSize = 32)
        {
            NativeSetup.EnsureLoaded();
            return TrainingLoop.Predict(this, x, batchSize);
        }
    }
}
