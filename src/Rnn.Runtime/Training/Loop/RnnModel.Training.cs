using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.IO;
using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        private TrainingSetup? _trainingSetup;

        /// <summary>
        /// Set to true (e.g. from a <see cref="Callback"/>) to stop <see cref="O:Rnn.RnnModel.Fit"/>, as Keras's
        /// <c>model.stop_training</c>: set in a batch hook, the epoch ends after that batch; set in an epoch hook, no
        /// further epoch starts. Fit resets it when it starts.
        /// </summary>
        public bool StopTraining { get; set; }

        /// <summary>Releases the optimizer and the weights' lock with the model's weights.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _trainingSetup?.Dispose();
                _trainingSetup = null;
                _weightsGate.Dispose();
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
                return CompiledSetup().CurrentLearningRate(this);
            }
            set
            {
                if (!(value > 0 && double.IsFinite(value)))
                    throw new System.ArgumentOutOfRangeException(nameof(value), value, $"{GetType().Name}.LearningRate must be a positive finite number, but was {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.");
                CompiledSetup().SetLearningRate(this, value);
            }
        }

        /// <summary>
        /// Configures training, as Keras's <c>model.compile</c>:
        /// <code>model.Compile(optimizer: Optimizers.Adam(1e-3), loss: Losses.MeanSquaredError(), metrics: new[] { Metrics.MeanAbsoluteError });</code>
        /// Unset arguments take the defaults <see cref="O:Rnn.RnnModel.Fit"/> uses without Compile: Adam with learning rate 1e-3,
        /// sparse categorical cross-entropy from logits, and <see cref="Metrics.Accuracy"/> for a classification loss (no
        /// metric for a regression loss). Compiling again starts a new optimizer (its state, such as Adam's moments, is
        /// reset); the weights are kept.
        /// </summary>
        /// <param name="optimizer">From <see cref="Optimizers"/>; default Adam(1e-3).</param>
        /// <param name="loss">From <see cref="Losses"/>, or your own <see cref="LossFunction"/>; default sparse categorical
        /// cross-entropy from logits. It decides the targets Fit accepts.</param>
        /// <param name="metrics">Metrics to report besides the loss, from <see cref="Metrics"/> or your own
        /// <see cref="IMetric"/>; each is logged under its <see cref="IMetric.Name"/> and <c>val_</c> + name.</param>
        /// <exception cref="System.ArgumentException">A metric does not fit the loss (e.g. accuracy with a regression
        /// loss), or two metrics have the same name.</exception>
        [OverloadResolutionPriority(1)]
        public void Compile(OptimizerSettings? optimizer = null, LossFunction? loss = null, IEnumerable<IMetric>? metrics = null)
        {
            var chosenLoss = loss ?? Losses.SparseCategoricalCrossentropy(fromLogits: true);
            metrics ??= chosenLoss.HasClasses ? new[] { Metrics.Accuracy } : System.Array.Empty<IMetric>();
            var setup = new TrainingSetup(optimizer ?? Optimizers.Adam(), chosenLoss, metrics, GetType().Name);
            _trainingSetup?.Dispose();
            _trainingSetup = setup;
        }

        /// <summary>
        /// Configures training with metrics named as Keras's strings, e.g. <c>metrics: new[] { "accuracy" }</c> or
        /// <c>new[] { "mae" }</c>. The logs use the string as given (<c>mae</c>, <c>val_mae</c>), as Keras 3 does. Known
        /// names: <c>accuracy</c>/<c>acc</c> (chosen from the loss), <c>mae</c>/<c>mean_absolute_error</c>,
        /// <c>mse</c>/<c>mean_squared_error</c>, <c>root_mean_squared_error</c> and
        /// <c>sparse_top_k_categorical_accuracy</c> (k = 5). Otherwise as
        /// <see cref="Compile(OptimizerSettings?, LossFunction?, IEnumerable{IMetric}?)"/>.
        /// </summary>
        /// <param name="optimizer">From <see cref="Optimizers"/>; default Adam(1e-3).</param>
        /// <param name="loss">From <see cref="Losses"/>, or your own <see cref="LossFunction"/>; default sparse categorical
        /// cross-entropy from logits.</param>
        /// <param name="metrics">Keras metric names; null for the default metrics.</param>
        /// <exception cref="System.ArgumentException">A metric name is unknown or does not fit the loss.</exception>
        public void Compile(OptimizerSettings? optimizer = null, LossFunction? loss = null, IEnumerable<string>? metrics = null) =>
            Compile(optimizer, loss, metrics is null ? null : Metrics.FromNames(metrics, GetType().Name));

        /// <summary>
        /// Trains the model, as Keras's <c>model.fit</c>, and returns the per-epoch metrics.
        /// </summary>
        /// <param name="x">Inputs: float32 [samples, timesteps, features], or int64 token ids [samples, timesteps] when
        /// <see cref="InputIsTokens"/>.</param>
        /// <param name="y">Targets, as the compiled loss takes them: for sparse categorical cross-entropy, integer class
        /// ids [samples] for an output [batch, classes], or [samples, time] for a sequence output [batch, time, classes]
        /// (padded steps, per the model's mask, do not count); for the other losses, numbers shaped like the output
        /// ([samples, k], [samples, time, k]), or without its last axis when that is 1 ([samples] for [batch, 1]).
        /// A mismatch throws before the first step.</param>
        /// <param name="epochs">The epoch to stop before: epochs <paramref name="initialEpoch"/> to epochs − 1 run.</param>
        /// <param name="batchSize">Samples per gradient step; the last batch may be smaller.</param>
        /// <param name="validationSplit">Fraction of the samples, taken from the end before shuffling (as Keras does),
        /// held out to compute <c>val_loss</c> and the <c>val_</c> metrics after each epoch; 0 for none.</param>
        /// <param name="validationData">Separate validation inputs and targets, instead of <paramref name="validationSplit"/>.</param>
        /// <param name="shuffle">Shuffle the training samples before each epoch.</param>
        /// <param name="seed">Seed for the shuffling; null uses TorchSharp's global generator (<c>torch.manual_seed</c>).
        /// The same seed, data and initial weights give the same losses; a model with dropout also needs the same state
        /// of the global generator, which draws its masks (set it with <c>torch.manual_seed</c>).</param>
        /// <param name="verbose">0 silent; 1 a live progress bar on a terminal and one plain line per epoch when the
        /// output is redirected or is another writer; 2 one plain line per epoch.</param>
        /// <param name="output">Where progress goes; default <see cref="System.Console.Out"/>.</param>
        /// <param name="callbacks">Called through one list at the start and end of training, of each epoch and of each
        /// batch, e.g. <see cref="ModelCheckpoint"/>, <see cref="EarlyStopping"/>, <see cref="CSVLogger"/>.</param>
        /// <param name="classWeight">A weight per class id, as Keras's <c>class_weight</c>: each training sample's (or
        /// step's) loss is multiplied by its class's weight; classes not listed weigh 1. Not applied to validation or
        /// metrics. For classification losses only (with binary cross-entropy, the classes are the labels 0 and 1).</param>
        /// <param name="initialEpoch">The epoch to start at, for resuming an earlier run, as Keras's <c>initial_epoch</c>.</param>
        /// <param name="stateful">Carry each batch row's recurrent state into the same row of the next batch, as Keras's
        /// <c>stateful=True</c>, for one long sequence cut into consecutive chunks (<see cref="Rnn.Data.Sequences.Chunks"/>):
        /// the state starts from zeros at each epoch's start and goes on from batch to batch, while gradients stop at the
        /// batch border (truncated backpropagation through time). It needs <paramref name="shuffle"/> false, samples (and
        /// validation samples) in whole batches of <paramref name="batchSize"/>, and a model with recurrent layers. The
        /// validation runs its batches in order the same way, from zeros at its start.</param>
        /// <returns>The <see cref="History"/> of <c>loss</c>, the compiled metrics and, when validating, their <c>val_</c> forms.</returns>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        /// <exception cref="System.NotSupportedException"><paramref name="stateful"/> is true for a model without recurrent layers.</exception>
        public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, double validationSplit = 0,
            bool shuffle = true, long? seed = null, (Tensor X, Tensor Y)? validationData = null, int verbose = 1,
            TextWriter? output = null, IReadOnlyList<Callback>? callbacks = null, IReadOnlyDictionary<int, double>? classWeight = null,
            int initialEpoch = 0, bool stateful = false)
        {
            RequireOneInput(nameof(Fit));
            return FitInputs(new[] { x }, y, new FitOptions(epochs, batchSize, validationSplit, OneInput(validationData), shuffle, seed, verbose, output,
                callbacks ?? System.Array.Empty<Callback>(), classWeight, initialEpoch, stateful));
        }

        /// <summary>Fit on tensors held in memory: <paramref name="x"/> holds one tensor per input of the model (<see cref="InputParts"/>).</summary>
        private protected History FitInputs(Tensor[] x, Tensor y, FitOptions options)
        {
            NativeSetup.EnsureLoaded();
            return TrainingLoop.Fit(this, CompiledSetup(), x, y, options);
        }

        /// <summary>Validation data of a model with one input, as <see cref="FitOptions.ValidationData"/> holds it.</summary>
        private static (Tensor[] X, Tensor Y)? OneInput((Tensor X, Tensor Y)? data) =>
            data is (Tensor x, Tensor y) ? (new[] { x }, y) : null;

        /// <summary>
        /// Trains the model on the batches of <paramref name="data"/>, epoch by epoch, as Keras's <c>model.fit</c> with a
        /// <c>PyDataset</c>: e.g. new augmented copies every epoch (derive from <see cref="DataSource"/>), or tensors in
        /// memory (<see cref="DataSource.FromTensors"/>). With a <see cref="DataSource.Prefetch"/> of 1 or more the batches
        /// are made on a background thread, that many ahead of the step. Every batch is checked as <c>x</c> and <c>y</c>
        /// are, before its step.
        /// </summary>
        /// <param name="data">The training batches; see <see cref="DataSource"/> for what it must yield.</param>
        /// <param name="epochs">The epoch to stop before: epochs <paramref name="initialEpoch"/> to epochs − 1 run.</param>
        /// <param name="validationData">Validation inputs and targets, evaluated after each epoch for <c>val_loss</c> and
        /// the <c>val_</c> metrics; null for none.</param>
        /// <param name="validationBatchSize">Samples per batch of the validation.</param>
        /// <param name="verbose">0 silent; 1 a live progress bar on a terminal and one plain line per epoch when the
        /// output is redirected or is another writer; 2 one plain line per epoch.</param>
        /// <param name="output">Where progress goes; default <see cref="System.Console.Out"/>.</param>
        /// <param name="callbacks">Called through one list at the start and end of training, of each epoch and of each
        /// batch, as for <see cref="Fit(Tensor, Tensor, int, int, double, bool, long?, System.ValueTuple{Tensor, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>.</param>
        /// <param name="classWeight">A weight per class id, as Keras's <c>class_weight</c>; see <see cref="Fit(Tensor, Tensor, int, int, double, bool, long?, System.ValueTuple{Tensor, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>.</param>
        /// <param name="initialEpoch">The epoch to start at, for resuming an earlier run, as Keras's <c>initial_epoch</c>.</param>
        /// <param name="stateful">Carry each batch row's recurrent state into the same row of the next batch, as Keras's
        /// <c>stateful=True</c>; see the tensor overload. The source must yield its batches in order, every batch with the
        /// same number of rows: <see cref="DataSource.FromTensors"/> is checked before the first step (made with
        /// <c>shuffle: false</c>, whole batches), any other source batch by batch, before each step. The validation
        /// samples must be whole batches of <paramref name="validationBatchSize"/>.</param>
        /// <returns>The <see cref="History"/> of <c>loss</c>, the compiled metrics and, when validating, their <c>val_</c> forms.</returns>
        /// <exception cref="System.ArgumentException">An argument or a batch is invalid: the message names it (a batch as
        /// <c>data.Batches(epoch)[index]</c>) and gives the expected and actual value.</exception>
        /// <exception cref="System.NotSupportedException"><paramref name="stateful"/> is true for a model without recurrent layers.</exception>
        public History Fit(DataSource data, int epochs = 1, (Tensor X, Tensor Y)? validationData = null, int validationBatchSize = 32,
            int verbose = 1, TextWriter? output = null, IReadOnlyList<Callback>? callbacks = null,
            IReadOnlyDictionary<int, double>? classWeight = null, int initialEpoch = 0, bool stateful = false)
        {
            RequireOneInput(nameof(Fit) + "(DataSource)");
            NativeSetup.EnsureLoaded();
            var setup = CompiledSetup();
            FitOptions.CheckBatchSize(GetType().Name + ".Fit", validationBatchSize, nameof(validationBatchSize));
            var options = new FitOptions(epochs, validationBatchSize, 0, OneInput(validationData), false, null, verbose, output,
                callbacks ?? System.Array.Empty<Callback>(), classWeight, initialEpoch, stateful);
            return TrainingLoop.Fit(this, setup, data, options);
        }

        /// <summary>
        /// The mean loss, the accuracy and the compiled metrics on <paramref name="x"/> and <paramref name="y"/>, as
        /// Keras's <c>model.evaluate</c>: in evaluation mode, without gradients, in batches; the training mode is
        /// restored after. Deconstructs: <c>var (loss, accuracy) = model.Evaluate(testX, testY);</c>; all metrics are in
        /// <see cref="Evaluation.Metrics"/>.
        /// </summary>
        /// <param name="x">Inputs, as for <see cref="Fit(Tensor, Tensor, int, int, double, bool, long?, System.ValueTuple{Tensor, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>.</param>
        /// <param name="y">Targets, as for <see cref="Fit(Tensor, Tensor, int, int, double, bool, long?, System.ValueTuple{Tensor, Tensor}?, int, TextWriter?, IReadOnlyList{Callback}?, IReadOnlyDictionary{int, double}?, int, bool)"/>.</param>
        /// <param name="batchSize">Samples per batch.</param>
        /// <exception cref="System.ArgumentException">An argument is invalid: the message names it and gives the expected and actual value.</exception>
        public Evaluation Evaluate(Tensor x, Tensor y, int batchSize = 32)
        {
            RequireOneInput(nameof(Evaluate));
            return EvaluateInputs(new[] { x }, y, batchSize);
        }

        /// <summary>Evaluate on <paramref name="x"/>, one tensor per input of the model (<see cref="InputParts"/>).</summary>
        private protected Evaluation EvaluateInputs(Tensor[] x, Tensor y, int batchSize)
        {
            NativeSetup.EnsureLoaded();
            return TrainingLoop.Evaluate(this, CompiledSetup(), x, y, batchSize);
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
            RequireOneInput(nameof(Predict));
            NativeSetup.EnsureLoaded();
            return TrainingLoop.Predict(this, x, batchSize);
        }
    }
}
