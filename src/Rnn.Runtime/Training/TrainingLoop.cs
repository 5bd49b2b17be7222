using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>The loops behind <see cref="RnnModel.Fit"/>, <see cref="RnnModel.Evaluate"/> and <see cref="RnnModel.Predict"/>.</summary>
    internal static class TrainingLoop
    {
        public static History Fit(RnnModel model, TrainingSetup setup, Tensor x, Tensor y, int epochs, int batchSize,
            double validationSplit, (Tensor X, Tensor Y)? validationData, bool shuffle, long? seed, int verbose,
            TextWriter? output, IReadOnlyList<Callback>? callbacks)
        {
            string name = model.GetType().Name + ".Fit";
            if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"{name}: epochs must be at least 1, but was {epochs}.");
            CheckBatchSize(name, batchSize);
            if (!(validationSplit >= 0 && validationSplit < 1))
                throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit,
                    $"{name}: validationSplit must be in [0, 1), but was {Format(validationSplit)}.");
            if (verbose is < 0 or > 2)
                throw new ArgumentOutOfRangeException(nameof(verbose), verbose, $"{name}: verbose must be 0 (silent), 1 (progress bar) or 2 (one line per epoch), but was {verbose}.");
            if (validationData is not null && validationSplit > 0)
                throw new ArgumentException($"{name}: pass either validationSplit ({Format(validationSplit)}) or validationData, not both.", nameof(validationData));
            var callbackList = (callbacks ?? Array.Empty<Callback>()).ToList();
            if (callbackList.Any(c => c is null)) throw new ArgumentException($"{name}: callbacks must not contain null.", nameof(callbacks));

            long n = CheckData(model, name, x, y, "x", "y");
            FiniteInputs.Require(name, x, "x");
            var disposables = new List<IDisposable>();
            try
            {
                Tensor labels = AsLabels(y, disposables);
                Tensor trainX = x, trainY = labels;
                Tensor? validX = null, validY = null;
                if (validationSplit > 0)
                {
                    // As Keras: the validation samples are the last ones, taken before any shuffling.
                    long splitAt = (long)Math.Floor(n * (1.0 - validationSplit));
                    if (splitAt == 0 || splitAt == n)
                        throw new ArgumentException(
                            $"{name}: {n} samples cannot be split into training and validation sets with validationSplit = {Format(validationSplit)} " +
                            $"({splitAt} training, {n - splitAt} validation samples); both need at least one.", nameof(validationSplit));
                    trainX = Track(x.narrow(0, 0, splitAt), disposables);
                    trainY = Track(labels.narrow(0, 0, splitAt), disposables);
                    validX = Track(x.narrow(0, splitAt, n - splitAt), disposables);
                    validY = Track(labels.narrow(0, splitAt, n - splitAt), disposables);
                }
                else if (validationData is (Tensor vx, Tensor vy))
                {
                    CheckData(model, name, vx, vy, "validationData.X", "validationData.Y");
                    FiniteInputs.Require(name, vx, "validationData.X");
                    validX = vx;
                    validY = AsLabels(vy, disposables);
                }

                var generator = Layers.CreateGenerator(seed);
                if (generator is not null) disposables.Add(generator);
                var optimizer = setup.GetOptimizer(model);
                var progress = ProgressPrinter.Create(verbose, output, epochs);
                var history = new History();
                long trainCount = trainX.shape[0];
                int steps = (int)((trainCount + batchSize - 1) / batchSize);

                var reported = ReportedMetrics(setup, validX is not null);
                foreach (var c in callbackList) (c as IMonitoringCallback)?.Monitor.RequireReported(reported);
                model.StopTraining = false;
                foreach (var c in callbackList) c.Model = model;
                foreach (var c in callbackList) c.OnTrainBegin();
                for (int epoch = 0; epoch < epochs && !model.StopTraining; epoch++)
                {
                    foreach (var c in callbackList) c.OnEpochBegin(epoch);
                    progress?.BeginEpoch(epoch, steps);
                    model.train();
                    double lossSum = 0;
                    long correct = 0, seen = 0;
                    using (var order = shuffle ? randperm(trainCount, generator: generator) : null)
                    {
                        for (int step = 0; step < steps; step++)
                        {
                            using var scope = NewDisposeScope();
                            long start = (long)step * batchSize, count = Math.Min(batchSize, trainCount - start);
                            Tensor batchX, batchY;
                            if (order is null)
                            {
                                batchX = trainX.narrow(0, start, count);
                                batchY = trainY.narrow(0, start, count);
                            }
                            else
                            {
                                var indices = order.narrow(0, start, count);
                                batchX = trainX.index_select(0, indices);
                                batchY = trainY.index_select(0, indices);
                            }
                            optimizer.zero_grad();
                            var outputs = model.call(batchX);
                            var loss = setup.Loss.Compute(outputs, batchY);
                            loss.backward();
                            optimizer.step();
                            lossSum += Value(loss) * count;
                            if (setup.ComputesAccuracy) correct += CountCorrect(outputs, batchY);
                            seen += count;
                            progress?.Step(step + 1, Logs(setup, lossSum / seen, (double)correct / seen));
                        }
                    }

                    var logs = Logs(setup, lossSum / seen, (double)correct / seen);
                    if (validX is not null)
                    {
                        var validation = Evaluate(model, setup, validX, validY!, batchSize);
                        logs["val_loss"] = validation.Loss;
                        if (setup.ComputesAccuracy) logs["val_accuracy"] = validation.Accuracy;
                    }
                    history.Add(epoch, logs);
                    progress?.EndEpoch(logs);
                    foreach (var c in callbackList) c.OnEpochEnd(epoch, logs);
                }
                foreach (var c in callbackList) c.OnTrainEnd();
                return history;
            }
            finally
            {
                for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
            }
        }

        public static Evaluation Evaluate(RnnModel model, TrainingSetup setup, Tensor x, Tensor y, int batchSize, bool check = false)
        {
            if (check)
            {
                string name = model.GetType().Name + ".Evaluate";
                CheckBatchSize(name, batchSize);
                CheckData(model, name, x, y, "x", "y");
            }
            var disposables = new List<IDisposable>();
            try
            {
                Tensor labels = AsLabels(y, disposables);
                using var inference = new InferenceMode(model);
                long n = x.shape[0];
                double lossSum = 0;
                long correct = 0;
                for (long start = 0; start < n; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    long count = Math.Min(batchSize, n - start);
                    var batchY = labels.narrow(0, start, count);
                    var outputs = model.call(x.narrow(0, start, count));
                    lossSum += Value(setup.Loss.Compute(outputs, batchY)) * count;
                    correct += CountCorrect(outputs, batchY);
                }
                return new Evaluation(lossSum / n, (double)correct / n);
            }
            finally
            {
                for (int i = disposables.Count - 1; i >= 0; i--) disposables[i].Dispose();
            }
        }

        public static Tensor Predict(RnnModel model, Tensor x, int batchSize)
        {
            string name = model.GetType().Name + ".Predict";
            CheckBatchSize(name, batchSize);
            CheckSamples(name, x, "x");
            var parts = new List<Tensor>();
            try
            {
                using var inference = new InferenceMode(model);
                long n = x.shape[0];
                for (long start = 0; start < n; start += batchSize)
                {
                    // Each batch's intermediates are freed before the next batch; only its outputs are kept.
                    using var scope = NewDisposeScope();
                    var batch = x.narrow(0, start, Math.Min(batchSize, n - start));
                    Tensor output;
                    try
                    {
                        output = model.call(batch);
                    }
                    catch (ArgumentException e) when (start == 0)
                    {
                        throw InputError(name, x, "x", batch, e);
                    }
                    parts.Add(output.MoveToOuterDisposeScope());
                }
                return cat(parts, 0);
            }
            finally
            {
                foreach (var part in parts) part.Dispose();
            }
        }

        private static Dictionary<string, double> Logs(TrainingSetup setup, double loss, double accuracy)
        {
            var logs = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = loss };
            if (setup.ComputesAccuracy) logs["accuracy"] = accuracy;
            return logs;
        }

        private static long CountCorrect(Tensor outputs, Tensor labels) => (long)Value(outputs.argmax(1).eq(labels).sum());

        /// <summary>
        /// The value of a one-element tensor. Unlike <c>item&lt;T&gt;()</c>, which leaves a <see cref="TorchSharp.Scalar"/> to the
        /// finalizer on every call, this disposes it.
        /// </summary>
        private static double Value(Tensor tensor)
        {
            using var scalar = tensor.ToScalar();
            return scalar.ToDouble();
        }

        private static T Track<T>(T item, List<IDisposable> disposables) where T : IDisposable
        {
            disposables.Add(item);
            return item;
        }

        /// <summary>Integer labels as int64, converted (and tracked for disposal) if stored as another integer type.</summary>
        private static Tensor AsLabels(Tensor y, List<IDisposable> disposables) =>
            y.dtype == ScalarType.Int64 ? y : Track(y.to_type(ScalarType.Int64), disposables);

        private static void CheckBatchSize(string name, int batchSize)
        {
            if (batchSize <= 0)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"{name}: batchSize must be at least 1, but was {batchSize}.");
        }

        private static void CheckSamples(string name, Tensor x, string xName)
        {
            if (x is null) throw new ArgumentNullException(xName, $"{name}: {xName} must be a tensor [samples, ...].");
            if (x.Dimensions < 2)
                throw new ArgumentException($"{name}: {xName} must be [samples, ...] with at least 2 dimensions, but has shape {ShapeOf(x)}.", xName);
            if (x.dtype != ScalarType.Float32)
                throw new ArgumentException(
                    $"{name}: {xName} must hold float32 values like the model's weights, but has type {x.dtype}; convert it with to_type(ScalarType.Float32).", xName);
            if (x.shape[0] == 0)
                throw new ArgumentException($"{name}: {xName} must hold at least one sample, but has shape {ShapeOf(x)}.", xName);
        }

        /// <summary>Checks inputs and labels and returns the number of samples.</summary>
        private static long CheckData(RnnModel model, string name, Tensor x, Tensor y, string xName, string yName)
        {
            CheckSamples(name, x, xName);
            if (y is null) throw new ArgumentNullException(yName, $"{name}: {yName} must be a tensor of integer labels [samples].");
            if (y.Dimensions != 1)
                throw new ArgumentException($"{name}: {yName} must be integer labels shaped [samples], but has shape {ShapeOf(y)}.", yName);
            if (is_floating_point(y) || y.dtype == ScalarType.Bool || is_complex(y))
                throw new ArgumentException($"{name}: {yName} must hold integer class labels, but has type {y.dtype}.", yName);
            long n = x.shape[0];
            if (y.shape[0] != n)
                throw new ArgumentException($"{name}: {xName} has {n} samples but {yName} has {y.shape[0]} labels; they must match.", yName);

            long[] output = ProbeOutputShape(model, name, x, xName);
            if (output.Length != 2)
                throw new ArgumentException($"{name}: the model's output is {Shape.Format(output)}, but classification needs [batch, classes].", xName);
            long classes = output[1];
            using (var scope = NewDisposeScope())
            {
                long min = (long)Value(y.min()), max = (long)Value(y.max());
                if (min < 0 || max >= classes)
                    throw new ArgumentOutOfRangeException(yName,
                        $"{name}: labels must be in 0..{classes - 1} for the model's {classes} outputs, but {yName} holds values from {min} to {max}.");
            }
            return n;
        }

        /// <summary>
        /// Runs the model on the first sample of <paramref name="x"/> and returns the output's shape. When the model
        /// rejects the input, the error names <paramref name="xName"/> and shows its full shape, not the probe's.
        /// </summary>
        private static long[] ProbeOutputShape(RnnModel model, string name, Tensor x, string xName)
        {
            using var inference = new InferenceMode(model);
            using var scope = NewDisposeScope();
            using var probe = x.narrow(0, 0, 1);
            try
            {
                return model.call(probe).shape;
            }
            catch (ArgumentException e)
            {
                throw InputError(name, x, xName, probe, e);
            }
        }

        /// <summary>
        /// The model's rejection <paramref name="e"/> of <paramref name="part"/>, a slice of <paramref name="x"/>, restated
        /// for the caller's argument: named <paramref name="xName"/>, with its full shape, and one "(Parameter …)".
        /// </summary>
        private static ArgumentException InputError(string name, Tensor x, string xName, Tensor part, ArgumentException e)
        {
            string message = e.Message;
            string suffix = e.ParamName is null ? "" : $" (Parameter '{e.ParamName}')";
            if (suffix.Length > 0 && message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
            message = message.Replace("got " + ShapeOf(part), "got " + ShapeOf(x), StringComparison.Ordinal);
            return new ArgumentException($"{name}: {xName} {ShapeOf(x)} does not fit the model: {message}", xName, e);
        }

        /// <summary>The names of the metrics Fit reports after each epoch.</summary>
        private static IReadOnlyCollection<string> ReportedMetrics(TrainingSetup setup, bool validates)
        {
            var names = new List<string> { "loss" };
            if (setup.ComputesAccuracy) names.Add("accuracy");
            if (validates) names.Add("val_loss");
            if (validates && setup.ComputesAccuracy) names.Add("val_accuracy");
            return names;
        }

        /// <summary>Evaluation mode without gradients until disposed; then the model's training mode is restored.</summary>
        private readonly struct InferenceMode : IDisposable
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

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
