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
    internal sealed class CallbackList
    {
        private readonly List<Callback> _callbacks;

        public CallbackList(RnnModel model, IEnumerable<Callback> callbacks, ProgressPrinter? progress)
        {
            _callbacks = callbacks.ToList();
            History = _callbacks.OfType<History>().FirstOrDefault() ?? Add(new History());
            if (progress is not null) Add(progress);
            foreach (var c in _callbacks) c.Model = model;
        }

        /// <summary>The history Fit returns.</summary>
        public History History { get; }

        public void TrainBegin() => Each(c => c.OnTrainBegin());
        public void EpochBegin(int epoch) => Each(c => c.OnEpochBegin(epoch));
        public void TrainBatchBegin(int batch) => Each(c => c.OnTrainBatchBegin(batch));
        public void TrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Each(c => c.OnTrainBatchEnd(batch, logs));
        public void TestBegin() => Each(c => c.OnTestBegin());
        public void TestBatchBegin(int batch) => Each(c => c.OnTestBatchBegin(batch));
        public void TestBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Each(c => c.OnTestBatchEnd(batch, logs));
        public void TestEnd(IReadOnlyDictionary<string, double> logs) => Each(c => c.OnTestEnd(logs));
        public void EpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => Each(c => c.OnEpochEnd(epoch, logs));
        public void TrainEnd() => Each(c => c.OnTrainEnd());

        private T Add<T>(T callback) where T : Callback
        {
            _callbacks.Add(callback);
            return callback;
        }

        private void Each(Action<Callback> call)
        {
            foreach (var c in _callbacks) call(c);
        }
    }
}
