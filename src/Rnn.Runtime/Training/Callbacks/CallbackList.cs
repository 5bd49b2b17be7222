using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// The one list through which <see cref="O:Rnn.RnnModel.Fit"/> calls callbacks, as Keras's <c>CallbackList</c>: the
    /// user's callbacks in order, then the <see cref="History"/> (the user's, if one was passed) and the progress
    /// printer, which are callbacks too. A <see cref="IRunBackupCallback"/> (<see cref="BackupAndRestore"/>) is driven
    /// here too, at the start of training and after each epoch's end.
    /// </summary>
    /// <remarks>
    /// The batch-end hooks go only to the callbacks that read their logs (those that override them, and the progress
    /// printer when it updates a line in place), as Keras's <c>CallbackList</c> calls batch hooks only on callbacks that
    /// implement them; the base hooks do nothing, so leaving them out changes nothing a callback sees. Fit builds the
    /// batch logs only when <see cref="ReadsTrainBatchLogs"/> (or <see cref="ReadsTestBatchLogs"/>) is true: reading them
    /// waits for a GPU's queued steps, so with the progress bar alone that happens only when it draws. Plain loops: a
    /// batch allocates nothing here.
    /// </remarks>
    internal sealed class CallbackList
    {
        private static readonly Type[] BatchEndParameters = { typeof(int), typeof(IReadOnlyDictionary<string, double>) };
        private readonly List<Callback> _callbacks;
        private readonly Callback[] _trainBatchEnd, _testBatchEnd;
        private readonly bool _everyTrainBatchEnd; // a callback other than the progress printer reads every batch's logs
        private readonly ProgressPrinter? _progress;
        private readonly IRunBackupCallback? _backup;

        /// <summary>The list for one Fit call of <paramref name="model"/>, compiled as <paramref name="setup"/>, shuffling with <paramref name="shuffle"/>.</summary>
        public CallbackList(RnnModel model, TrainingSetup setup, Generator? shuffle, IReadOnlyList<Callback> callbacks, ProgressPrinter? progress)
        {
            _callbacks = callbacks.ToList();
            History = _callbacks.OfType<History>().FirstOrDefault() ?? Add(new History());
            if (progress is not null) Add(progress);
            foreach (var c in _callbacks) c.Model = model;
            _trainBatchEnd = _callbacks.Where(c => c is ProgressPrinter p ? p.ReadsBatchLogs : Overrides(c, nameof(Callback.OnTrainBatchEnd))).ToArray();
            _everyTrainBatchEnd = _trainBatchEnd.Any(c => c is not ProgressPrinter);
            _progress = progress;
            _testBatchEnd = _callbacks.Where(c => Overrides(c, nameof(Callback.OnTestBatchEnd))).ToArray();
            _backup = callbacks.OfType<IRunBackupCallback>().SingleOrDefault(); // FitOptions allows one BackupAndRestore
            Run = new TrainingRun(model, setup, shuffle, History, callbacks);
        }

        /// <summary>The history Fit returns.</summary>
        public History History { get; }

        /// <summary>What a backup of this Fit call saves and restores.</summary>
        public TrainingRun Run { get; }

        /// <summary>
        /// True when a callback reads the logs of <see cref="TrainBatchEnd"/> for zero-based batch <paramref name="batch"/>:
        /// one that reads every batch's, or the live progress bar when it draws that batch; otherwise Fit need not build them.
        /// </summary>
        public bool ReadsTrainBatchLogs(int batch) =>
            _everyTrainBatchEnd || (_progress is { ReadsBatchLogs: true } progress && progress.Draws(batch + 1));

        /// <summary>True when a callback reads the logs of <see cref="TestBatchEnd"/>; otherwise Fit need not build them.</summary>
        public bool ReadsTestBatchLogs => _testBatchEnd.Length > 0;

        /// <summary>
        /// Starts training and returns the epoch to start at: <paramref name="initialEpoch"/>, or the backup's when Fit
        /// resumes. The whole backup is read and checked before anything changes (a refused one throws and leaves all as
        /// it was), put in place after every callback's <see cref="Callback.OnTrainBegin"/> (their resets would undo it),
        /// and freed before the first epoch.
        /// </summary>
        public int TrainBegin(int initialEpoch)
        {
            using var restore = _backup?.PrepareResume(Run);
            Run.Model.StopTraining = false;
            foreach (var c in _callbacks) c.OnTrainBegin();
            if (restore is null) return initialEpoch;
            restore.Apply();
            return restore.Epoch;
        }

        public void EpochBegin(int epoch)
        {
            foreach (var c in _callbacks) c.OnEpochBegin(epoch);
        }

        public void TrainBatchBegin(int batch)
        {
            foreach (var c in _callbacks) c.OnTrainBatchBegin(batch);
        }

        /// <summary>Calls the callbacks that read training batch logs (see <see cref="ReadsTrainBatchLogs"/>).</summary>
        public void TrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            foreach (var c in _trainBatchEnd) c.OnTrainBatchEnd(batch, logs);
        }

        public void TestBegin()
        {
            foreach (var c in _callbacks) c.OnTestBegin();
        }

        public void TestBatchBegin(int batch)
        {
            foreach (var c in _callbacks) c.OnTestBatchBegin(batch);
        }

        /// <summary>Calls the callbacks that read test batch logs (see <see cref="ReadsTestBatchLogs"/>).</summary>
        public void TestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            foreach (var c in _testBatchEnd) c.OnTestBatchEnd(batch, logs);
        }

        public void TestEnd(IReadOnlyDictionary<string, double> logs)
        {
            foreach (var c in _callbacks) c.OnTestEnd(logs);
        }

        /// <summary>Ends epoch <paramref name="epoch"/>; then the backup, after every callback, so that it holds this epoch's history and callback states.</summary>
        public void EpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            foreach (var c in _callbacks) c.OnEpochEnd(epoch, logs);
            _backup?.BackUp(Run, epoch + 1);
        }

        public void TrainEnd()
        {
            foreach (var c in _callbacks) c.OnTrainEnd();
        }

        private T Add<T>(T callback) where T : Callback
        {
            _callbacks.Add(callback);
            return callback;
        }

        /// <summary>Whether <paramref name="callback"/>'s class (or a base class other than <see cref="Callback"/>) overrides the batch-end hook <paramref name="hook"/>.</summary>
        private static bool Overrides(Callback callback, string hook) =>
            callback.GetType().GetMethod(hook, BatchEndParameters)?.DeclaringType != typeof(Callback);
    }
}
