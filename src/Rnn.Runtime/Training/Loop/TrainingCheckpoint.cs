using System;
using System.Collections.Generic;
using System.Linq;
using Rnn.IO;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// A full training checkpoint, in Rnn's weights format (SHA-256 of every tensor and of the whole file), so that
    /// truncation and corruption are detected as for weights. Its entries:
    /// <list type="bullet">
    /// <item><c>model/{name}</c>: every tensor of the model's <c>state_dict()</c>;</item>
    /// <item><c>optimizer.signature</c> (the optimizer and its hyper-parameters), <c>optimizer.iterations</c>,
    /// <c>optimizer.learning_rate</c> and <c>optimizer/{parameter}/{slot}</c>: the optimizer's state;</item>
    /// <item><c>fit.epoch</c> (epochs finished), <c>fit.stop_training</c>, <c>fit.callbacks</c> (the callbacks whose state follows);</item>
    /// <item><c>rng.global</c> (TorchSharp's global generator: dropout, and shuffling without a seed) and
    /// <c>rng.shuffle</c> (Fit's seeded shuffling generator, when seeded);</item>
    /// <item><c>history.epoch</c> and <c>history/{metric}</c>;</item>
    /// <item><c>callbacks/{i}/…</c>: the state of the i-th callback that has one (<see cref="IResumableCallback"/>).</item>
    /// </list>
    /// The file's model-type field is <see cref="KindPrefix"/> followed by the model's type, so
    /// <see cref="RnnModel.LoadWeights"/> refuses it with a clear message, and a weights file is refused here.
    /// </summary>
    internal static class TrainingCheckpoint
    {
        /// <summary>What the messages call the file.</summary>
        public const string Noun = "training checkpoint";

        /// <summary>The start of the model-type field of a training checkpoint.</summary>
        public const string KindPrefix = "Rnn training checkpoint of ";

        /// <summary>The version of the entries' layout.</summary>
        public const long Version = 1;

        /// <summary>Writes <paramref name="run"/> after <paramref name="completedEpochs"/> epochs to <paramref name="path"/>, atomically.</summary>
        public static void Write(string path, TrainingRun run, int completedEpochs)
        {
            using var scope = NewDisposeScope();
            using var content = new CheckpointContent();
            content.Add("checkpoint.version", Version);
            foreach (var (name, tensor) in run.Model.state_dict()) content.AddBorrowed("model/" + name, tensor);
            AddOptimizer(content, run);
            content.Add("fit.epoch", completedEpochs);
            content.Add("fit.stop_training", run.Model.StopTraining ? 1L : 0L);
            using (var global = Generator.Default) content.AddOwned("rng.global", global.get_state());
            if (run.Shuffle is not null) content.AddOwned("rng.shuffle", run.Shuffle.get_state());
            content.Add("history.epoch", run.History.Epochs.Select(e => (long)e));
            foreach (var (metric, values) in run.History.Metrics) content.Add("history/" + metric, values);
            AddCallbacks(content, run);
            AtomicFile.WriteStream(path, stream => WeightsFile.Write(stream, KindPrefix + run.Model.WeightsTypeName, content.Entries));
        }

        private static void AddOptimizer(CheckpointContent content, TrainingRun run)
        {
            var optimizer = run.Setup.GetOptimizer(run.Model);
            content.Add("optimizer.signature", run.Setup.Optimizer.Signature);
            content.Add("optimizer.iterations", optimizer.Iterations);
            content.Add("optimizer.learning_rate", optimizer.LearningRate);
            foreach (var (name, tensor) in optimizer.State) content.AddBorrowed("optimizer/" + name, tensor);
        }

        private static void AddCallbacks(CheckpointContent content, TrainingRun run)
        {
            var resumable = Resumable(run);
            content.Add("fit.callbacks", string.Join("\n", resumable.Select(c => c.CheckpointName)));
            for (int i = 0; i < resumable.Count; i++) resumable[i].SaveState(content, CallbackPrefix(i));
        }

        /// <summary>
        /// Reads the checkpoint at <paramref name="path"/> and checks all of it against <paramref name="run"/> (the model,
        /// the compiled optimizer, the generators, the callbacks) without changing anything; the returned restore puts
        /// it in place.
        /// </summary>
        /// <exception cref="System.IO.InvalidDataException">The file is truncated, corrupt, not a training checkpoint, or
        /// does not fit the model, optimizer or callbacks; the message names the file and what differs.</exception>
        public static CheckpointRestore Prepare(string path, TrainingRun run)
        {
            var (kind, stored) = WeightsFile.Read(path, Noun);
            var entries = new CheckpointEntries(path, stored);
            try
            {
                var steps = new List<Action>();
                CheckKind(entries, kind, run.Model);
                steps.Add(PrepareModel(entries, run.Model));
                steps.Add(PrepareOptimizer(entries, run));
                steps.Add(PrepareGenerators(entries, run.Shuffle));
                steps.Add(PrepareHistory(entries, run.History));
                steps.AddRange(PrepareCallbacks(entries, run));
                long epoch = entries.Long("fit.epoch");
                if (epoch < 0 || epoch > int.MaxValue) throw entries.Invalid($"is corrupt: entry 'fit.epoch' is {epoch}");
                bool stop = entries.Long("fit.stop_training") != 0;
                steps.Add(() => run.Model.StopTraining = stop);
                entries.RequireAllUsed();
                return new CheckpointRestore(entries, (int)epoch, steps);
            }
            catch
            {
                entries.Dispose();
                throw;
            }
        }

        private static void CheckKind(CheckpointEntries entries, string kind, RnnModel model)
        {
            if (!kind.StartsWith(KindPrefix, StringComparison.Ordinal))
                throw entries.Invalid($"is a weights file of '{kind}', not a training checkpoint; load weights with LoadWeights");
            string modelType = kind[KindPrefix.Length..];
            if (modelType != model.WeightsTypeName)
                throw entries.Invalid($"holds the training of a different model type, '{modelType}', not of '{model.WeightsTypeName}'");
            long version = entries.Long("checkpoint.version");
            if (version != Version)
                throw entries.Invalid($"has layout version {version}, but this version of Rnn reads version {Version} only");
        }

        private static Action PrepareModel(CheckpointEntries entries, RnnModel model)
        {
            StoredTensorCopy weights;
            using (var scope = NewDisposeScope()) weights = entries.Match("model/", model.state_dict(), "the model");
            return () =>
            {
                using var scope = NewDisposeScope(); // state_dict's handles
                weights.Apply(model.state_dict());
            };
        }

        private static Action PrepareOptimizer(CheckpointEntries entries, TrainingRun run)
        {
            string signature = entries.Text("optimizer.signature");
            if (signature != run.Setup.Optimizer.Signature)
                throw entries.Mismatch($"it was written by the optimizer {signature}, but the model is compiled with {run.Setup.Optimizer.Signature}");
            var optimizer = run.Setup.GetOptimizer(run.Model);
            var targets = optimizer.State.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
            var state = entries.Match("optimizer/", targets, "the optimizer");
            long iterations = entries.Long("optimizer.iterations");
            double rate = entries.Double("optimizer.learning_rate");
            if (iterations < 0) throw entries.Invalid($"is corrupt: entry 'optimizer.iterations' is {iterations}");
            if (!(rate > 0 && double.IsFinite(rate))) throw entries.Invalid($"is corrupt: entry 'optimizer.learning_rate' is {rate}");
            return () =>
            {
                state.Apply(targets);
                optimizer.Iterations = iterations;
                optimizer.LearningRate = rate;
            };
        }

        private static Action PrepareGenerators(CheckpointEntries entries, Generator? shuffle)
        {
            using var global = Generator.Default;
            var globalState = GeneratorState(entries, "rng.global", global);
            if (entries.Has("rng.shuffle") != (shuffle is not null))
                throw entries.Mismatch(shuffle is null
                    ? "it was written by a Fit that shuffled with a seed, but this Fit has no seed; pass the same seed"
                    : "it was written by a Fit without a seed, but this Fit has one; pass no seed");
            var shuffleState = shuffle is null ? null : GeneratorState(entries, "rng.shuffle", shuffle);
            return () =>
            {
                using (var generator = Generator.Default) generator.set_state(globalState);
                if (shuffleState is not null) shuffle!.set_state(shuffleState);
            };
        }

        private static Tensor GeneratorState(CheckpointEntries entries, string name, Generator generator)
        {
            var stored = entries.Get(name, ScalarType.Byte, 1);
            using var current = generator.get_state();
            if (stored.Shape[0] != current.size(0))
                throw entries.Invalid($"is corrupt: entry '{name}' has {stored.Shape[0]} bytes, but a generator state has {current.size(0)}");
            return entries.Build(stored);
        }

        private static Action PrepareHistory(CheckpointEntries entries, History history)
        {
            var epochs = entries.Longs("history.epoch");
            var metrics = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (string name in entries.NamesUnder("history/"))
            {
                var values = entries.Doubles(name);
                if (values.Length != epochs.Length)
                    throw entries.Invalid($"is corrupt: entry '{name}' has {values.Length} values for {epochs.Length} epochs");
                metrics[name["history/".Length..]] = values;
            }
            var epochList = epochs.Select(e => (int)e).ToList();
            return () => history.Restore(epochList, metrics);
        }

        private static IEnumerable<Action> PrepareCallbacks(CheckpointEntries entries, TrainingRun run)
        {
            var resumable = Resumable(run);
            string stored = entries.Text("fit.callbacks");
            string current = string.Join("\n", resumable.Select(c => c.CheckpointName));
            if (stored != current)
                throw entries.Mismatch($"it holds the state of the callbacks [{List(stored)}], but Fit was given [{List(current)}]");
            return resumable.Select((c, i) => c.PrepareRestore(entries, CallbackPrefix(i))).ToList();
        }

        private static string List(string names) => names.Length == 0 ? "" : string.Join(", ", names.Split('\n'));

        private static List<IResumableCallback> Resumable(TrainingRun run) => run.Callbacks.OfType<IResumableCallback>().ToList();

        private static string CallbackPrefix(int index) => $"callbacks/{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}/";
    }
}
