using System;
using Rnn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Training
{
    /// <summary>
    /// A hand-written regression model like the generator's output: Lstm over float32 [batch, time, features], then
    /// Dense(outputs) on the last step ([batch, outputs]) or on every step ([batch, time, outputs]).
    /// </summary>
    internal sealed class SeriesLstm : RnnModel
    {
        private readonly Modules.Lstm lstm;
        private readonly Modules.Dense dense;

        public SeriesLstm(int features = 1, int units = 16, int outputs = 1, long? seed = null, bool everyStep = false) : base("series_lstm")
        {
            using var generator = GeneratedModelSupport.CreateGenerator(seed);
            lstm = new Modules.Lstm("lstm", features, units, returnSequences: everyStep, bidirectional: false, MergeMode.Concat, dropout: 0, generator);
            dense = new Modules.Dense("dense", units, outputs, Activation.None, generator);
            RegisterComponents();
        }

        public override Tensor Forward(Tensor input) => dense.Forward(lstm.Forward(input, null).Output, null).Output;

        public override string Summary() => "series_lstm";
    }

    /// <summary>
    /// A tagging model over token ids [batch, time] (0 = padding): Embedding, SimpleRnn with every step returned, Dense
    /// per step → [batch, time, classes], with the mask ids != 0, as a generated model with Embedding(MaskZero = true).
    /// </summary>
    internal sealed class TokenTagger : RnnModel
    {
        private readonly Embedding embedding;
        private readonly Modules.SimpleRnn simple_rnn;
        private readonly Modules.Dense dense;

        public TokenTagger(int vocabulary = 12, int dimensions = 6, int units = 8, int classes = 4, long seed = 1) : base("token_tagger")
        {
            using var generator = GeneratedModelSupport.CreateGenerator(seed);
            embedding = nn.Embedding(vocabulary, dimensions);
            using (no_grad())
            using (var initial = rand(new long[] { vocabulary, dimensions }, generator: generator) * 0.1 - 0.05)
                embedding.weight!.copy_(initial);
            simple_rnn = new Modules.SimpleRnn("simple_rnn", dimensions, units, Activation.Tanh, returnSequences: true, bidirectional: false, MergeMode.Concat, dropout: 0, generator);
            dense = new Modules.Dense("dense", units, classes, Activation.None, generator);
            RegisterComponents();
        }

        public override bool InputIsTokens => true;

        public override (Tensor Output, Tensor? Mask) ForwardWithMask(Tensor input)
        {
            var sequence = simple_rnn.Forward(embedding.call(input), null).Output;
            return (dense.Forward(sequence, null).Output, input.ne(0));
        }

        public override Tensor Forward(Tensor input) => ForwardWithMask(input).Output;

        public override string Summary() => "token_tagger";
    }

    /// <summary>Dense over the last step of [batch, time, 28]; in training, its outputs turn NaN from the given call on.</summary>
    internal sealed class TurnsNaN : RnnModel
    {
        private readonly Modules.Dense dense;
        private readonly int _firstNaNCall;
        private int _calls;

        public TurnsNaN(int firstNaNCall) : base("turns_nan")
        {
            using var generator = GeneratedModelSupport.CreateGenerator(1);
            dense = new Modules.Dense("dense", 28, 10, Activation.None, generator);
            _firstNaNCall = firstNaNCall;
            RegisterComponents();
        }

        public override Tensor Forward(Tensor input)
        {
            var output = dense.Forward(input.select(1, -1), null).Output;
            return training && _calls++ >= _firstNaNCall ? output * double.NaN : output;
        }

        public override string Summary() => "turns_nan";
    }

    /// <summary>Token-id data for tagging: right-padded sequences with random lengths and per-step class ids.</summary>
    internal static class TaggingData
    {
        /// <summary>Ids in 1..vocabulary-1 on real steps and 0 after; targets in 0..classes-1 (0 on padded steps); lengths 2..time.</summary>
        public static (Tensor Ids, Tensor Targets, long[] Lengths) Random(long samples, long time = 6, int vocabulary = 12, int classes = 4, ulong seed = 3)
        {
            using var generator = new Generator(seed);
            var ids = randint(1, vocabulary, new[] { samples, time }, generator: generator);
            var targets = randint(0, classes, new[] { samples, time }, generator: generator);
            var lengths = randint(2, time + 1, new[] { samples }, generator: generator);
            var lengthArray = lengths.data<long>().ToArray();
            for (long i = 0; i < samples; i++)
            {
                ids[i, TensorIndex.Slice(lengthArray[i])] = tensor(0L);
                targets[i, TensorIndex.Slice(lengthArray[i])] = tensor(0L);
            }
            return (ids, targets, lengthArray);
        }
    }
}
