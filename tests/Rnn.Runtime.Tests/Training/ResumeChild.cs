using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Rnn;
using Rnn.Data;
using TorchSharp;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>The model of the resume test: the seed model, smaller, with dropout so that resuming must restore its randomness too.</summary>
    [Input(28, 28)]
    [SimpleRnn(32, Activation.Relu)]
    [Dropout(0.25)]
    [Dense(10)]
    public partial class ResumeDigits { }

    /// <summary>
    /// The training run of <see cref="ResumeTrainingTests"/>, in a process of its own (<see cref="TestHost"/>):
    /// <c>resume-digits seed|no-seed &lt;backup folder or -&gt; &lt;history.json&gt; [hang]</c>. On one torch thread it trains
    /// <see cref="ResumeDigits"/> for <see cref="Epochs"/> epochs on the first 300 shipped training digits (Adam,
    /// shuffling with Fit's seeded generator or, with <c>no-seed</c>, TorchSharp's global one, a validation split, ReduceLROnPlateau and EarlyStopping with best weights, whose state must
    /// resume), with <see cref="BackupAndRestore"/> in the folder unless it is <c>-</c>. It writes the history to the
    /// JSON file and prints <c>restored=</c>, <c>epochs=</c> (those it ran) and <c>evaluation=</c> (test loss and
    /// accuracy after training). With <c>hang</c>, it prints <see cref="HangMarker"/> after the third batch of epoch 2
    /// (the checkpoint of epochs 0-1 is written by then) and blocks until it is killed.
    /// </summary>
    internal static class ResumeChild
    {
        public const string Argument = "resume-digits";
        public const string HangMarker = "hanging-in-epoch-2";
        public const int Epochs = 4;

        public static int Run(IReadOnlyList<string> args)
        {
            if (args.Count is < 3 or > 4 || args[0] is not ("seed" or "no-seed") || (args.Count == 4 && args[3] != "hang")) return 2;
            long? seed = args[0] == "seed" ? 5 : null;
            bool hang = args.Count == 4;
            args = args.Skip(1).ToList();
            torch.set_num_threads(1);
            torch.manual_seed(11); // dropout (and shuffling without a seed) draws from the global generator
            using var data = Mnist.Load(Mnist.FindSampleDirectory());
            using var x = data.TrainImages.narrow(0, 0, 300);
            using var y = data.TrainLabels.narrow(0, 0, 300);
            using var model = new ResumeDigits(seed: 3);
            model.Compile(Optimizers.Adam(3e-3));
            var ran = new List<int>();
            var backup = args[0] == "-" ? null : new BackupAndRestore(args[0]);
            var callbacks = new List<Callback>
            {
                // Never improves after epoch 0 (minDelta is huge), so the rate halves after epoch 2: the wait counted in
                // epoch 1 must survive the restart.
                new ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 2, minDelta: 1e9),
                new EarlyStopping(monitor: "val_loss", patience: 10, restoreBestWeights: true),
                new EpochRecorder(ran, hang),
            };
            if (backup is not null) callbacks.Add(backup);
            var history = model.Fit(x, y, epochs: Epochs, batchSize: 32, validationSplit: 0.1, seed: seed, verbose: 0, callbacks: callbacks);
            history.ToJson(args[1]);
            var evaluation = model.Evaluate(data.TestImages.narrow(0, 0, 200), data.TestLabels.narrow(0, 0, 200));
            Console.WriteLine("restored=" + (backup?.RestoredEpoch?.ToString(CultureInfo.InvariantCulture) ?? "none"));
            Console.WriteLine("epochs=" + string.Join(",", ran.Select(e => e.ToString(CultureInfo.InvariantCulture))));
            Console.WriteLine("evaluation=" + evaluation.Loss.ToString("R", CultureInfo.InvariantCulture) + "," +
                evaluation.Accuracy.ToString("R", CultureInfo.InvariantCulture));
            return 0;
        }

        /// <summary>Records the epochs that start; with <c>hang</c>, blocks in epoch 2 until the process is killed.</summary>
        private sealed class EpochRecorder : Callback
        {
            private readonly List<int> _ran;
            private readonly bool _hang;
            private int _epoch;

            public EpochRecorder(List<int> ran, bool hang)
            {
                _ran = ran;
                _hang = hang;
            }

            public override void OnEpochBegin(int epoch)
            {
                _epoch = epoch;
                _ran.Add(epoch);
            }

            public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
            {
                if (!_hang || _epoch != 2 || batch != 2) return;
                Console.WriteLine(HangMarker);
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            }
        }
    }
}
