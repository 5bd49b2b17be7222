using System;
using System.Collections.Generic;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// The one list through which <see cref="RnnModel.Fit"/> calls callbacks, as Keras's <c>CallbackList</c>: the
    /// user's callbacks in order, then the <see cref="History"/> (the user's, if one was passed) and the progress
    /// printer, which are callbacks too.
    /// </summary>
    /// <remarks>
    /// The batch-end hooks go only to the callbacks that read their logs (those that override them, and the progress
    /// printer when it updates a line in place), as Keras's <c>CallbackList</c> calls batch hooks only on callbacks that
    /// implement them; the base hooks do nothing, so leaving them out changes nothing a callback sees. Fit builds the
    /// batch logs only when <see cref="ReadsTrainBatchLogs"/> (or <see cref="ReadsTestBatchLogs"/>) is true. Plain loops:
    /// a batch allocates nothing here.
    /// </remarks>
    internal sealed class CallbackList
    {
        private static readonly Type[] BatchEndParameters = { typeof(int), typeof(IReadOnlyDictionary<string, double>) };
        private readonly List<Callback> _callbacks;
        private readonly Callback[] _trainBatchEnd, _testBatchEnd;

        public CallbackList(RnnModel model, IEnumerable<Callback> callbacks, ProgressPrinter? progress)
        {
            _callbacks = callbacks.ToList();
            History = _callbacks.OfType<History>().FirstOrDefault() ?? Add(new History());
            if (progress is not null) Add(progress);
            foreach (var c in _callbacks) c.Model = model;
            _trainBatchEnd = _callbacks.Where(c => c is ProgressPrinter p ? p.ReadsBatchLogs : Overrides(c, nameof(Callback.OnTrainBatchEnd))).ToArray();
            _testBatchEnd = _callbacks.Where(c => Overrides(c, nameof(Callback.OnTestBatchEnd))).ToArray();
        }

        /// <summary>The history Fit returns.</summary>
        public History History { get; }

        /// <summary>True when a callback reads the logs of <see cref="TrainBatchEnd"/>; otherwise Fit need not build them.</summary>
        public bool ReadsTrainBatchLogs => _trainBatchEnd.Length > 0;

        /// <summary>True when a callback reads the logs of <see cref="TestBatchEnd"/>; otherwise Fit need not build them.</summary>
        public bool ReadsTestBatchLogs => _testBatchEnd.Length > 0;

        public void TrainBegin()
        {
            foreach (var c in _callbacks) c.OnTrainBegin();
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

        public void EpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            foreach (var c in _callbacks) c.OnEpochEnd(epoch, logs);
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
