using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// Inputs and targets checked against the model and the loss before the first step, with the targets converted once
    /// to what the loss takes: int64 class ids, or float32 values shaped like the model's output. A model takes one input
    /// tensor, or several (a Seq2Seq model's source and target input, <see cref="RnnModel.InputParts"/>), each with the same samples.
    /// </summary>
    internal sealed class TrainingData : IDisposable
    {
        private readonly List<IDisposable> _owned;

        private TrainingData(Tensor[] inputs, Tensor targets, long[] sampleOutputShape, List<IDisposable> owned)
        {
            Inputs = inputs;
            Targets = targets;
            SampleOutputShape = sampleOutputShape;
            _owned = owned;
        }

        /// <summary>The model's inputs [samples, …], one tensor per input of the model.</summary>
        public IReadOnlyList<Tensor> Inputs { get; }

        /// <summary>The targets as the loss takes them.</summary>
        public Tensor Targets { get; }

        /// <summary>The number of samples.</summary>
        public long Count => Inputs[0].size(0);

        /// <summary>The model's output shape for one sample, e.g. [1, 10] or [1, 7, 5].</summary>
        public long[] SampleOutputShape { get; }

        /// <summary>
        /// Checks <paramref name="x"/> and <paramref name="y"/> for <paramref name="model"/> and <paramref name="loss"/>.
        /// <paramref name="sampleOutputShape"/> is the model's output shape for one sample when the caller knows it (from
        /// an earlier input of the same sample shape); null runs the model on the first sample to learn it.
        /// <paramref name="checks"/> holds the outcomes of the checks that read values (the first layer's, the labels'
        /// range) run ahead where the batch was made; null runs them here.
        /// </summary>
        /// <exception cref="ArgumentException">A check failed: the message names the argument and gives the expected and actual shape or type.</exception>
        public static TrainingData Prepare(RnnModel model, LossFunction loss, string name, Tensor x, Tensor y, string xName, string yName,
            long[]? sampleOutputShape = null, BatchValueChecks? checks = null) =>
            Prepare(model, loss, name, new[] { x }, y, xName, yName, sampleOutputShape, checks);

        /// <summary>
        /// <see cref="Prepare(RnnModel, LossFunction, string, Tensor, Tensor, string, string, long[], BatchValueChecks)"/> for a model's
        /// inputs <paramref name="x"/>, one tensor per <see cref="RnnModel.InputParts"/>, each checked by the part that reads it
        /// (<paramref name="checks"/>, if any, ran for the first input).
        /// </summary>
        public static TrainingData Prepare(RnnModel model, LossFunction loss, string name, Tensor[] x, Tensor y, string xName, string yName,
            long[]? sampleOutputShape = null, BatchValueChecks? checks = null)
        {
            TrainingLoop.CheckInputs(model, name, x, xName, checks);
            string firstName = TrainingLoop.InputName(model, xName, 0);
            if (y is null) throw new ArgumentNullException(yName, $"{name}: {yName} must be a tensor of targets [samples, …].");
            long[] output = sampleOutputShape ?? ProbeOutputShape(model, name, x, xName);
            var owned = new List<IDisposable>();
            try
            {
                var targets = loss.Targets switch
                {
                    LossTargets.ClassIds => ClassIds(loss, name, x[0], y, output, firstName, yName, owned, checks),
                    LossTargets.BinaryLabels or LossTargets.Values => Values(loss, name, x[0], y, output, firstName, yName, owned, checks),
                    _ => throw loss.UnknownTargets(),
                };
                return new TrainingData(x, targets, output, owned);
            }
            catch
            {
                foreach (var item in owned) item.Dispose();
                throw;
            }
        }

        /// <summary>This data's output shape per sample, for inputs shaped as this data's (see <see cref="KnownOutputShape.For"/>).</summary>
        public KnownOutputShape KnownOutputShape => new(Inputs, SampleOutputShape);

        /// <summary>The samples before <paramref name="at"/> and those from it on, as views.</summary>
        public (TrainingData Before, TrainingData After) Split(long at) =>
            (Slice(0, at), Slice(at, Count - at));

        /// <summary>All samples, as a view the caller disposes.</summary>
        public TrainingData View() => Slice(0, Count);

        /// <summary>
        /// A batch of <paramref name="count"/> samples from position <paramref name="start"/> on, that the caller disposes:
        /// views of these samples, or with an <paramref name="order"/> (a permutation of the samples) copies of the samples it lists there.
        /// </summary>
        public TrainingData Rows(Tensor? order, long start, long count)
        {
            var (x, targets) = RowsOf(Inputs, Targets, order, start, count);
            return new TrainingData(x, targets, SampleOutputShape, Owned(x, targets));
        }

        /// <summary>
        /// <paramref name="count"/> samples of <paramref name="x"/> and <paramref name="y"/> from position
        /// <paramref name="start"/> on, as new tensors the caller disposes: views, or with an <paramref name="order"/> (a
        /// permutation of the samples) copies of the samples it lists there.
        /// </summary>
        public static (Tensor X, Tensor Y) RowsOf(Tensor x, Tensor y, Tensor? order, long start, long count)
        {
            var (inputs, targets) = RowsOf(new[] { x }, y, order, start, count);
            return (inputs[0], targets);
        }

        /// <summary>The same samples of every input of <paramref name="x"/> and of <paramref name="y"/>, as <see cref="RowsOf(Tensor, Tensor, Tensor?, long, long)"/> cuts them.</summary>
        public static (Tensor[] X, Tensor Y) RowsOf(IReadOnlyList<Tensor> x, Tensor y, Tensor? order, long start, long count)
        {
            if (order is null) return (x.Select(input => input.narrow(0, start, count)).ToArray(), y.narrow(0, start, count));
            using var indices = order.narrow(0, start, count);
            return (x.Select(input => SelectRows(input, indices)).ToArray(), SelectRows(y, indices));
        }

        /// <summary>
        /// These data for a model on <paramref name="device"/>, as new data the caller disposes: the same tensors when they
        /// are there, or when they are too large to copy whole (<see cref="DeviceTransfer.WholeSetBytes"/>; the steps then
        /// move each batch); otherwise copies there, made once.
        /// </summary>
        public TrainingData Placed(Device device)
        {
            bool there = Inputs.All(input => DeviceTransfer.IsOn(input, device)) && DeviceTransfer.IsOn(Targets, device);
            if (there || !DeviceTransfer.FitsWhole(Inputs, Targets)) return View();
            var x = Inputs.Select(input => input.to(device)).ToArray();
            var targets = Targets.to(device);
            return new TrainingData(x, targets, SampleOutputShape, Owned(x, targets));
        }

        /// <summary>
        /// <see cref="Placed"/>, made to own these data too, so that disposing the result disposes both: for a feed that
        /// keeps the placed data after the caller has returned.
        /// </summary>
        public TrainingData PlacedOwningThis(Device device)
        {
            var placed = Placed(device);
            placed._owned.Insert(0, this); // disposed last, after the placed copies or views
            return placed;
        }

        /// <summary>Makes these data own (and dispose) the inputs <paramref name="x"/> and targets <paramref name="y"/> they were prepared from too; returns them.</summary>
        public TrainingData Owning(Tensor x, Tensor y)
        {
            _owned.Add(y);
            _owned.Add(x);
            return this;
        }

        /// <summary>The tensors a slice owns, disposed in reverse: the inputs, then the targets.</summary>
        private static List<IDisposable> Owned(Tensor[] inputs, Tensor targets)
        {
            var owned = new List<IDisposable> { targets };
            owned.AddRange(inputs);
            return owned;
        }

        public void Dispose()
        {
            for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
            _owned.Clear();
        }

        /// <summary>The rows <paramref name="indices"/> of <paramref name="tensor"/>; indices drawn on the CPU go to the tensor's device first.</summary>
        private static Tensor SelectRows(Tensor tensor, Tensor indices)
        {
            if (tensor.device_type == DeviceType.CPU) return tensor.index_select(0, indices);
            using var scope = NewDisposeScope();
            return tensor.index_select(0, DeviceTransfer.To(indices, tensor.device)).MoveToOuterDisposeScope();
        }

        private TrainingData Slice(long start, long count)
        {
            var x = Inputs.Select(input => input.narrow(0, start, count)).ToArray();
            var targets = Targets.narrow(0, start, count);
            return new TrainingData(x, targets, SampleOutputShape, Owned(x, targets));
        }

        /// <summary>Runs the model on the first sample (evaluation mode, no gradients) to learn its output shape.</summary>
        private static long[] ProbeOutputShape(RnnModel model, string name, Tensor[] x, string xName)
        {
            using var inference = new TrainingLoop.InferenceMode(model);
            using var scope = NewDisposeScope();
            var probe = x.Select(input => input.narrow(0, 0, 1)).ToArray();
            try
            {
                var device = model.WeightsDevice();
                return Shape.Of(model.ForwardInputs(probe.Select(part => DeviceTransfer.To(part, device)).ToArray()).Output);
            }
            catch (ArgumentException e)
            {
                throw TrainingLoop.InputError(name, x, xName, probe, e);
            }
        }

        /// <summary>int64 class ids [samples] for an output [batch, classes], or [samples, time] for [batch, time, classes].</summary>
        private static Tensor ClassIds(LossFunction loss, string name, Tensor x, Tensor y, long[] output, string xName, string yName, List<IDisposable> owned,
            BatchValueChecks? checks)
        {
            if (output.Length is not (2 or 3))
                throw new ArgumentException(
                    $"{name}: {loss.Name} needs the model's output to be [samples, classes] or [samples, time, classes] (tagging), but it is {Describe(output)}.", yName);
            var expected = output.Length == 2 ? new[] { x.size(0) } : new[] { x.size(0), output[1] };
            string expectedText = output.Length == 2 ? "[samples]" : Describe(output[..^1]);
            if (y.Dimensions != expected.Length || (output.Length == 3 && y.size(1) != output[1]))
                throw new ArgumentException(
                    $"{name}: {yName} must be integer labels shaped {expectedText}, but has shape {Shape.Format(y.shape)}; {loss.Name} takes one class id per " +
                    $"{(output.Length == 2 ? "sample" : "time step")} for the model's output {Describe(output)}.", yName);
            if (!HoldsIntegers(y))
                throw new ArgumentException(
                    $"{name}: {yName} must hold integer class labels, but has type {y.dtype}; {loss.Name} takes class ids (for float targets use a loss such as Losses.MeanSquaredError()).", yName);
            CheckCount(name, x, y, xName, yName);
            long classes = output[^1];
            var (min, max) = checks?.ClassIds ?? ClassIdRange(y);
            if (min < 0 || max >= classes)
                throw new ArgumentOutOfRangeException(yName,
                    $"{name}: labels must be in 0..{classes - 1} for the model's {classes} outputs, but {yName} holds values from {min} to {max}.");
            return y.dtype == ScalarType.Int64 ? y : Own(y.to_type(ScalarType.Int64), owned);
        }

        /// <summary>float32 targets shaped like the output, or like it without a trailing axis of 1 (then one is added).</summary>
        private static Tensor Values(LossFunction loss, string name, Tensor x, Tensor y, long[] output, string xName, string yName, List<IDisposable> owned,
            BatchValueChecks? checks)
        {
            bool binary = loss.Targets == LossTargets.BinaryLabels;
            if (is_complex(y) || (y.dtype == ScalarType.Bool && !binary))
                throw new ArgumentException($"{name}: {yName} must hold real numbers for {loss.Name}, but has type {y.dtype}.", yName);
            long[] full = output[1..];
            long[]? squeezed = output[^1] == 1 ? output[1..^1] : null;
            var actual = Shape.Of(y).Skip(1).ToArray();
            bool matches = y.Dimensions >= 1 && actual.SequenceEqual(full);
            bool matchesSqueezed = y.Dimensions >= 1 && squeezed is not null && actual.SequenceEqual(squeezed);
            if (!matches && !matchesSqueezed)
                throw new ArgumentException(
                    $"{name}: {yName} must be {(binary ? "0/1 labels" : "float targets")} shaped {Describe(output)}" +
                    (squeezed is null ? "" : " or " + Describe(output[..^1])) +
                    $", as the model's output {Describe(output)} for {loss.Name}, but has shape {Shape.Format(y.shape)}.", yName);
            CheckCount(name, x, y, xName, yName);
            var targets = y.dtype == ScalarType.Float32 ? y : Own(y.to_type(ScalarType.Float32), owned);
            if (matchesSqueezed && !matches) targets = Own(targets.unsqueeze(-1), owned);
            if (binary) CheckLabelRange(loss, name, checks?.BinaryLabels ?? BinaryLabelRange(targets), yName);
            return targets;
        }

        /// <summary>Whether <paramref name="y"/> holds integers (not floats, bools or complex numbers), as class ids must.</summary>
        internal static bool HoldsIntegers(Tensor y) => !is_floating_point(y) && y.dtype != ScalarType.Bool && !is_complex(y);

        /// <summary>The smallest and largest of the integer labels <paramref name="y"/>, read back from its device.</summary>
        internal static (long Min, long Max) ClassIdRange(Tensor y)
        {
            using var scope = NewDisposeScope();
            return (y.min().LongValue(), y.max().LongValue());
        }

        /// <summary>The smallest and largest of the real labels <paramref name="y"/> as float32, read back from its device.</summary>
        internal static (double Min, double Max) BinaryLabelRange(Tensor y)
        {
            using var scope = NewDisposeScope();
            var labels = y.dtype == ScalarType.Float32 ? y : y.to_type(ScalarType.Float32);
            return (labels.min().Value(), labels.max().Value());
        }

        private static void CheckLabelRange(LossFunction loss, string name, (double Min, double Max) range, string yName)
        {
            var (min, max) = range;
            if (!(min >= 0 && max <= 1))
                throw new ArgumentOutOfRangeException(yName,
                    $"{name}: {loss.Name} needs labels in [0, 1], but {yName} holds values from {FitOptions.Format(min)} to {FitOptions.Format(max)}.");
        }

        private static void CheckCount(string name, Tensor x, Tensor y, string xName, string yName)
        {
            if (y.size(0) != x.size(0))
                throw new ArgumentException($"{name}: {xName} has {x.size(0)} samples but {yName} has {y.size(0)} labels; they must match.", yName);
        }

        /// <summary>A shape with the batch named, e.g. <c>[samples, 7, 5]</c>.</summary>
        private static string Describe(long[] shape) =>
            "[samples" + string.Concat(shape.Skip(1).Select(d => ", " + d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

        private static Tensor Own(Tensor tensor, List<IDisposable> owned)
        {
            owned.Add(tensor);
            return tensor;
        }
    }
}
