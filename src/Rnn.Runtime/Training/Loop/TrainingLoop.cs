using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The loops behind Fit, <see cref="RnnModel.Evaluate"/> and <see cref="RnnModel.Predict"/>. Fit is: check the
    /// arguments and the data (<see cref="FitOptions"/>, <see cref="TrainingData"/>), set aside the validation set, then
    /// <see cref="Train"/>: the epoch loop (<see cref="RunEpoch"/>) around the training step (<see cref="TrainStep"/>),
    /// with the batches from a <see cref="TrainingFeed"/> (tensors or a <see cref="DataSource"/>) and every hook going
    /// through one <see cref="CallbackList"/>.
    /// </summary>
    internal static class TrainingLoop
    {
        /// <summary>
        /// Fit on tensors: <paramref name="x"/> (one tensor per input of the model, <see cref="RnnModel.InputParts"/>) and
        /// <paramref name="y"/> checked once, cut into batches in memory.
        /// </summary>
        public static History Fit(RnnModel model, TrainingSetup setup, Tensor[] x, Tensor y, FitOptions options)
        {
            string name = model.GetType().Name + ".Fit";
            options.Validate(name);
            using var prepared = TrainingData.Prepare(model, setup.Loss, name, x, y, "x", "y");
            RequireFinite(model, name, x, "x");
            using var data = prepared.Placed(model.WeightsDevice());
            var (train, validation) = SplitValidation(model, setup, name, data, options);
            using (train)
            using (validation)
            using (var classWeights = ClassWeights.Create(options.ClassWeight, setup.Loss, data.SampleOutputShape, name))
            using (var feed = new TensorFeed(train, options.BatchSize, options.Shuffle, options.Seed, classWeights, owns: false))
            {
                if (options.Stateful) CheckStatefulSplit(name, train, validation, options);
                return Train(model, setup, feed, validation, options);
            }
        }

        /// <summary>
        /// Checks that the training and validation samples of a stateful Fit on tensors each cut into whole batches
        /// (<see cref="FitOptions.CheckStatefulBatches"/>), naming the split or the argument they came from.
        /// </summary>
        private static void CheckStatefulSplit(string name, TrainingData train, TrainingData? validation, FitOptions options)
        {
            bool split = options.ValidationSplit > 0;
            FitOptions.CheckStatefulBatches(name, train.Count, options.BatchSize, "batchSize",
                split ? "the training part of x (before validationSplit)" : "x", split ? "validationSplit" : "x");
            if (validation is not null)
                FitOptions.CheckStatefulBatches(name, validation.Count, options.BatchSize, "batchSize",
                    split ? "the validation part of x (validationSplit)" : "validationData.X", split ? "validationSplit" : "validationData");
        }

        /// <summary>Fit on a <see cref="DataSource"/>: its batches checked one by one; <see cref="FitOptions.BatchSize"/> is the validation batch size.</summary>
        public static History Fit(RnnModel model, TrainingSetup setup, DataSource source, FitOptions options)
        {
            string name = model.GetType().Name + ".Fit";
            if (source is null) throw new ArgumentNullException("data", $"{name}: data must be a DataSource, e.g. DataSource.FromTensors(x, y, batchSize).");
            options.Validate(name);
            using var validation = PrepareValidation(model, setup, name, options, known: null);
            using var feed = source.OpenFeed(model, setup, name, options.ClassWeight, validation);
            if (options.Stateful)
            {
                feed.CheckStateful(name);
                if (validation is not null)
                    FitOptions.CheckStatefulBatches(name, validation.Count, options.BatchSize, "validationBatchSize", "validationData.X", "validationData");
            }
            return Train(model, setup, feed, validation, options);
        }

        /// <summary>The epochs: the callbacks begin (resuming from a backup, if any), then each epoch trains on the feed's batches and validates.</summary>
        private static History Train(RnnModel model, TrainingSetup setup, TrainingFeed feed, TrainingData? validation, FitOptions options)
        {
            var reported = ReportedMetrics(setup, validation is not null);
            foreach (var c in options.Callbacks) (c as IMonitoringCallback)?.Monitor.RequireReported(reported);
            var device = model.WeightsDevice();
            var progress = ProgressPrinter.Create(options.Verbose, options.Output, options.Epochs, feed.BatchesPerEpoch, ComputeDevice.Of(device));
            var callbacks = new CallbackList(model, setup, feed.Shuffle, options.Callbacks, progress);
            using var carried = options.Stateful ? new CarriedState(model.GetType().Name + ".Fit") : null;
            int first = callbacks.TrainBegin(options.InitialEpoch); // resumes from a BackupAndRestore checkpoint, if any
            feed.Start(first, options.Epochs);
            for (int epoch = first; epoch < options.Epochs && !model.StopTraining; epoch++)
            {
                CudaRandom.SeedEpoch(device);
                callbacks.EpochBegin(epoch);
                var logs = RunEpoch(model, setup, feed, epoch, callbacks, device, carried);
                if (validation is not null)
                    foreach (var (key, value) in EvaluateLogs(model, setup, validation, options.BatchSize, setup.Metrics, callbacks, options.Stateful))
                        logs["val_" + key] = value;
                callbacks.EpochEnd(epoch, logs);
            }
            callbacks.TrainEnd();
            return callbacks.History;
        }

        /// <summary>The training set and the validation set (null without validation), each disposed by the caller.</summary>
        private static (TrainingData Train, TrainingData? Validation) SplitValidation(RnnModel model, TrainingSetup setup, string name, TrainingData data, FitOptions options)
        {
            if (options.ValidationSplit > 0)
            {
                // As Keras: the validation samples are the last ones, taken before any shuffling.
                long n = data.Count;
                long splitAt = (long)Math.Floor(n * (1.0 - options.ValidationSplit));
                if (splitAt == 0 || splitAt == n)
                    throw new ArgumentException(
                        $"{name}: {n} samples cannot be split into training and validation sets with validationSplit = {FitOptions.Format(options.ValidationSplit)} " +
                        $"({splitAt} training, {n - splitAt} validation samples); both need at least one.", "validationSplit");
                return data.Split(splitAt);
            }
            var train = data.View();
            try
            {
                return (train, PrepareValidation(model, setup, name, options, data));
            }
            catch
            {
                train.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The checked <see cref="FitOptions.ValidationData"/>, which the caller disposes; null without. The model's output
        /// shape is taken from <paramref name="known"/> (the training data) when its samples have the same shape, else
        /// probed. The set is placed on the model's device once (<see cref="TrainingData.Placed"/>), as the training set
        /// is: every epoch reads it whole, so one copy made up front spares a copy of each batch in every epoch.
        /// </summary>
        private static TrainingData? PrepareValidation(RnnModel model, TrainingSetup setup, string name, FitOptions options, TrainingData? known)
        {
            if (options.ValidationData is not (Tensor[] vx, Tensor vy)) return null;
            using var validation = TrainingData.Prepare(model, setup.Loss, name, vx, vy, "validationData.X", "validationData.Y", known?.KnownOutputShape.For(vx));
            RequireFinite(model, name, vx, "validationData.X");
            return validation.Placed(model.WeightsDevice());
        }

        /// <summary>
        /// One pass over epoch <paramref name="epoch"/>'s batches from <paramref name="feed"/>; returns the epoch's logs.
        /// A stateful run (<paramref name="carried"/> not null) starts the epoch from zeros and carries each batch's
        /// final state into the next.
        /// </summary>
        private static Dictionary<string, double> RunEpoch(RnnModel model, TrainingSetup setup, TrainingFeed feed, int epoch, CallbackList callbacks,
            Device device, CarriedState? carried)
        {
            carried?.Reset();
            var metrics = setup.Metrics;
            for (int i = 0; i < metrics.Count; i++) metrics[i].Reset();
            model.train();
            using var lossSum = new DeviceSum(); // read only for the logs: a step never waits for the device
            using var release = new MetricSums(metrics);
            long seen = 0;
            // The feed makes (and checks) each batch outside the step's dispose scope; the batch is disposed after its step.
            using var batches = feed.Epoch(epoch).GetEnumerator();
            for (int batch = 0; batches.MoveNext(); batch++)
            {
                using var data = batches.Current;
                long size = data.Count;
                carried?.CheckRows(size, epoch, batch);
                callbacks.TrainBatchBegin(batch);
                using (var scope = NewDisposeScope())
                {
                    var x = data.Inputs.Select(input => DeviceTransfer.To(input, device)).ToArray();
                    var loss = TrainStep(model, setup, x, DeviceTransfer.To(data.Targets, device), feed.ClassWeights, carried);
                    lossSum.AddTimes(loss.to_type(ScalarType.Float32), size); // as the host's (double)(float)loss * size
                }
                seen += size;
                // The running logs are built only for the callbacks that read them (not with verbose 0 or 2 alone; a live
                // progress bar when it draws, at most every ProgressPrinter.RefreshInterval).
                if (callbacks.ReadsTrainBatchLogs(batch)) callbacks.TrainBatchEnd(batch, Logs(lossSum.Read() / seen, metrics));
                // As Keras 3: a callback (e.g. TerminateOnNaN) can end the epoch after any batch.
                if (model.StopTraining) break;
            }
            return Logs(lossSum.Read() / seen, metrics);
        }

        /// <summary>
        /// One gradient step on a batch, inside the caller's dispose scope: forward (with the mask), the loss weighted
        /// by class and leaving out padded steps, backward, the optimizer's step; then the metrics. Returns the loss,
        /// detached, on the model's device.
        /// With <paramref name="carried"/>, the forward starts from the carried state and leaves its final state there.
        /// </summary>
        private static Tensor TrainStep(RnnModel model, TrainingSetup setup, IReadOnlyList<Tensor> x, Tensor targets, ClassWeights? classWeights, CarriedState? carried)
        {
            var optimizer = setup.GetOptimizer(model);
            optimizer.zero_grad();
            var (outputs, mask) = Forward(model, x, carried);
            var positions = PositionMask(setup.Loss, outputs, targets, mask);
            var loss = setup.Loss.Compute(outputs, targets, classWeights?.For(targets), positions);
            loss.backward();
            optimizer.step();
            // Detached outputs record no graph; no_grad() here would leave its AutoGradMode to the finalizer every step.
            UpdateMetrics(setup.Metrics, targets, outputs.detach(), positions);
            return loss.detach();
        }

        /// <summary>
        /// The model's output and mask for a batch of its inputs <paramref name="x"/>: from the <paramref name="carried"/>
        /// state when there is one (a stateful Fit, which only a model with one input offers), else from zeros.
        /// </summary>
        private static (Tensor Output, Tensor? Mask) Forward(RnnModel model, IReadOnlyList<Tensor> x, CarriedState? carried) =>
            carried is null ? model.ForwardInputs(x) : carried.Forward(model, x[0]);

        /// <summary>
        /// The mean loss and the metrics over <paramref name="data"/>, in evaluation mode without gradients, calling the
        /// test hooks of <paramref name="callbacks"/> if given. The loss is the mean of the batch losses weighted by batch size, as Keras.
        /// With <paramref name="stateful"/> (whole batches only), each batch starts from the state the previous one ended
        /// in, from zeros at the first, as Keras evaluates a stateful model.
        /// </summary>
        internal static Dictionary<string, double> EvaluateLogs(RnnModel model, TrainingSetup setup, TrainingData data, int batchSize,
            IReadOnlyList<IMetric> metrics, CallbackList? callbacks, bool stateful = false)
        {
            for (int i = 0; i < metrics.Count; i++) metrics[i].Reset();
            callbacks?.TestBegin();
            using var lossSum = new DeviceSum();
            using var release = new MetricSums(metrics);
            var device = model.WeightsDevice();
            long seen = 0, n = data.Count;
            using var carried = stateful ? new CarriedState(model.GetType().Name + ".Fit") : null;
            using (new InferenceMode(model))
            {
                for (int batch = 0; seen < n; batch++)
                {
                    callbacks?.TestBatchBegin(batch);
                    long size = Math.Min(batchSize, n - seen);
                    using (var scope = NewDisposeScope())
                    {
                        var targets = DeviceTransfer.To(data.Targets.narrow(0, seen, size), device);
                        var x = data.Inputs.Select(input => DeviceTransfer.To(input.narrow(0, seen, size), device)).ToArray();
                        var (outputs, mask) = Forward(model, x, carried);
                        var positions = PositionMask(setup.Loss, outputs, targets, mask);
                        lossSum.AddTimes(setup.Loss.Compute(outputs, targets, null, positions), size); // as the host's loss * size in double
                        UpdateMetrics(metrics, targets, outputs, positions);
                    }
                    seen += size;
                    if (callbacks is { ReadsTestBatchLogs: true }) callbacks.TestBatchEnd(batch, Logs(lossSum.Read() / seen, metrics));
                }
            }
            var logs = Logs(lossSum.Read() / n, metrics);
            callbacks?.TestEnd(logs);
            return logs;
        }

        public static Evaluation Evaluate(RnnModel model, TrainingSetup setup, Tensor[] x, Tensor y, int batchSize)
        {
            string name = model.GetType().Name + ".Evaluate";
            FitOptions.CheckBatchSize(name, batchSize);
            // One pass: each batch goes to the model's device as it is evaluated (EvaluateLogs), not the whole set first,
            // which would hold a second copy of it there for nothing.
            using var data = TrainingData.Prepare(model, setup.Loss, name, x, y, "x", "y");
            // Built-in metrics are copied, so Evaluate calls on several threads do not share their sums; a user's metric
            // cannot be copied, so evaluations that use one take turns.
            var metrics = setup.Metrics.Select(m => m is MeanMetric builtIn ? builtIn.Fresh() : m).ToList();
            // The accuracy that goes with the loss is reported even when not compiled, as Evaluate always did.
            var accuracy = metrics.FirstOrDefault(m => m.Name == TrainingSetup.Accuracy);
            bool extra = accuracy is null && setup.Loss.HasClasses;
            if (extra) metrics.Add(accuracy = new AccuracyMetric(TrainingSetup.Accuracy).Bind(setup.Loss, model.GetType().Name));
            Dictionary<string, double> logs;
            if (metrics.All(m => m is MeanMetric)) logs = EvaluateLogs(model, setup, data, batchSize, metrics, callbacks: null);
            else lock (setup) logs = EvaluateLogs(model, setup, data, batchSize, metrics, callbacks: null);
            double accuracyValue = accuracy is null ? double.NaN : logs[accuracy.Name];
            if (extra) logs.Remove(TrainingSetup.Accuracy);
            return new Evaluation(logs["loss"], accuracyValue) { Metrics = logs };
        }

        public static Tensor Predict(RnnModel model, Tensor x, int batchSize)
        {
            string name = model.GetType().Name + ".Predict";
            FitOptions.CheckBatchSize(name, batchSize);
            CheckSamples(model, name, x, "x");
            var parts = new List<Tensor>();
            var device = model.WeightsDevice();
            try
            {
                using var inference = new InferenceMode(model);
                long n = x.size(0);
                for (long start = 0; start < n; start += batchSize)
                {
                    // Each batch's intermediates are freed before the next batch; only its outputs are kept.
                    using var scope = NewDisposeScope();
                    var batch = x.narrow(0, start, Math.Min(batchSize, n - start));
                    Tensor output;
                    try
                    {
                        output = model.call(DeviceTransfer.To(batch, device));
                    }
                    catch (ArgumentException e) when (start == 0)
                    {
                        throw InputError(name, x, "x", batch, e);
                    }
                    parts.Add(output.MoveToOuterDisposeScope());
                }
                // The outputs go where the inputs are: a model on the GPU predicts for inputs on the host into host memory.
                var outputs = cat(parts, 0);
                if (DeviceTransfer.IsOn(outputs, x.device)) return outputs;
                using (outputs) return outputs.to(x.device);
            }
            finally
            {
                foreach (var part in parts) part.Dispose();
            }
        }

        /// <summary>Adds a batch to every metric, with the position weights (null: every position counts).</summary>
        private static void UpdateMetrics(IReadOnlyList<IMetric> metrics, Tensor targets, Tensor outputs, Tensor? positions)
        {
            for (int i = 0; i < metrics.Count; i++) metrics[i].Update(targets, outputs, positions);
        }

        /// <summary>
        /// The model's mask as float weights (1 real, 0 padded) when it goes with the loss's positions, i.e. the
        /// output is a sequence [batch, time, …] and the mask is [batch, time]; otherwise null (every position counts).
        /// </summary>
        private static Tensor? PositionMask(LossFunction loss, Tensor outputs, Tensor targets, Tensor? mask)
        {
            if (mask is null || !loss.HasOneValuePerPosition(mask, outputs, targets)) return null;
            return mask.to_type(ScalarType.Float32);
        }

        /// <summary>
        /// The model's rejection <paramref name="e"/> of <paramref name="part"/>, a slice of <paramref name="x"/>, restated
        /// for the caller's argument: named <paramref name="xName"/>, with its full shape, and one "(Parameter …)".
        /// </summary>
        internal static ArgumentException InputError(string name, Tensor x, string xName, Tensor part, ArgumentException e)
        {
            string message = MessageOf(e).Replace("got " + ShapeOf(part), "got " + ShapeOf(x), StringComparison.Ordinal);
            return new ArgumentException($"{name}: {xName} {ShapeOf(x)} does not fit the model: {message}", xName, e);
        }

        /// <summary>
        /// <see cref="InputError(string, Tensor, string, Tensor, ArgumentException)"/> for a model's inputs: as it for one
        /// input; for several, each part's shape restated and the inputs named together (<c>x</c>).
        /// </summary>
        internal static ArgumentException InputError(string name, Tensor[] x, string xName, Tensor[] parts, ArgumentException e)
        {
            if (x.Length == 1) return InputError(name, x[0], xName, parts[0], e);
            string message = MessageOf(e);
            for (int i = 0; i < x.Length; i++) message = message.Replace("got " + ShapeOf(parts[i]), "got " + ShapeOf(x[i]), StringComparison.Ordinal);
            string shapes = string.Join(" and ", x.Select(ShapeOf));
            return new ArgumentException($"{name}: {xName} ({shapes}) does not fit the model: {message}", xName, e);
        }

        /// <summary>The message of <paramref name="e"/> without the " (Parameter …)" that <see cref="ArgumentException.Message"/> adds, for restating it.</summary>
        internal static string MessageOf(ArgumentException e)
        {
            string message = e.Message;
            string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
            return suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : message;
        }

        /// <summary>The names of the metrics Fit reports after each epoch: the loss and the compiled metrics, and their val_ forms.</summary>
        private static IReadOnlyCollection<string> ReportedMetrics(TrainingSetup setup, bool validates)
        {
            var names = new List<string> { "loss" };
            names.AddRange(setup.Metrics.Select(m => m.Name));
            if (validates) names.AddRange(names.Select(n => "val_" + n).ToList());
            return names;
        }

        /// <summary>The logs of an epoch or evaluation so far: <c>loss</c> and each metric's result.</summary>
        private static Dictionary<string, double> Logs(double loss, IReadOnlyList<IMetric> metrics)
        {
            var logs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = loss };
            for (int i = 0; i < metrics.Count; i++) logs[metrics[i].Name] = metrics[i].Result();
            return logs;
        }

        /// <summary>
        /// Checks a model's inputs <paramref name="x"/>, one tensor per <see cref="RnnModel.InputParts"/>: each by the part
        /// that reads it (<see cref="CheckSamples"/>, named e.g. <c>x.Source</c>), and all with the same number of samples.
        /// <paramref name="checks"/>: the value checks of the first input run ahead, or null to run them here.
        /// </summary>
        internal static void CheckInputs(RnnModel model, string name, Tensor[] x, string xName, BatchValueChecks? checks = null)
        {
            var parts = model.InputParts;
            if (x is null || x.Length != parts.Count)
                throw new ArgumentException($"{name}: {xName} must hold {parts.Count} input tensor(s), but holds {x?.Length ?? 0}.", xName);
            for (int i = 0; i < x.Length; i++) CheckSamples(parts[i].Reader, name, x[i], InputName(model, xName, i), i == 0 ? checks : null);
            for (int i = 1; i < x.Length; i++)
            {
                if (x[i].size(0) != x[0].size(0))
                    throw new ArgumentException(
                        $"{name}: {InputName(model, xName, 0)} has {x[0].size(0)} samples but {InputName(model, xName, i)} has {x[i].size(0)}; they must match.",
                        InputName(model, xName, i));
            }
        }

        /// <summary>The name of input <paramref name="index"/> in the argument <paramref name="xName"/>: <c>x</c> for a model with one input, else e.g. <c>x.Source</c>.</summary>
        internal static string InputName(RnnModel model, string xName, int index)
        {
            string part = model.InputParts[index].Name;
            return part.Length == 0 ? xName : xName + "." + part;
        }

        /// <summary><see cref="FiniteInputs.Require"/> on each of the model's inputs.</summary>
        private static void RequireFinite(RnnModel model, string name, Tensor[] x, string xName)
        {
            for (int i = 0; i < x.Length; i++) FiniteInputs.Require(name, x[i], InputName(model, xName, i));
        }

        /// <summary>
        /// Checks the inputs: [samples, …], at least one sample, float32 (or int64 token ids when the model takes tokens);
        /// then the first layer's own check (<see cref="Rnn.Modules.Layer.CheckModelInput"/>), e.g. the ids within an
        /// Embedding's vocabulary: here, or its outcome from <paramref name="checks"/> when it ran where the batch was made.
        /// </summary>
        internal static void CheckSamples(RnnModel model, string name, Tensor x, string xName, BatchValueChecks? checks = null)
        {
            if (x is null) throw new ArgumentNullException(xName, $"{name}: {xName} must be a tensor [samples, ...].");
            if (x.Dimensions < 2)
                throw new ArgumentException($"{name}: {xName} must be [samples, ...] with at least 2 dimensions, but has shape {ShapeOf(x)}.", xName);
            if (model.InputIsTokens && x.dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"{name}: {xName} must hold int64 token ids, as the model's input is tokens, but has type {x.dtype}; convert it with to_type(ScalarType.Int64).", xName);
            if (!model.InputIsTokens && x.dtype != ScalarType.Float32)
                throw new ArgumentException(
                    $"{name}: {xName} must hold float32 values like the model's weights, but has type {x.dtype}; convert it with to_type(ScalarType.Float32).", xName);
            if (x.size(0) == 0)
                throw new ArgumentException($"{name}: {xName} must hold at least one sample, but has shape {ShapeOf(x)}.", xName);
            // Once over the whole input, so no layer's forward need check it on every step (e.g. an Embedding's ids).
            if (checks is null) model.CheckInputWithFirstLayer(x, name, xName);
            else checks.ThrowIfInputRejected();
        }

        /// <summary>Evaluation mode without gradients until disposed; then the model's training mode is restored.</summary>
        internal readonly struct InferenceMode : IDisposable
        {
            private readonly RnnModel _model;
            private readonly IDisposable _noGrad;

            public InferenceMode(RnnModel model)
            {
                _model = model;
                model.EnterInference(); // counted: concurrent Predict/Evaluate calls restore the mode only when the last one ends
                _noGrad = no_grad();
            }

            public void Dispose()
            {
                _noGrad.Dispose();
                _model.ExitInference();
            }
        }

        private static string ShapeOf(Tensor t) => Shape.Format(t.shape);
    }
}
