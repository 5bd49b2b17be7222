using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Model
{
    /// <summary>A language model with every step-wise kind: two recurrent layers of different kinds, dropout and normalisation.</summary>
    [Input(Dim.Variable)]
    [Embedding(16, 6)]
    [Gru(10, ReturnSequences = true)]
    [Lstm(8, ReturnSequences = true)]
    [Dropout(0.2)]
    [LayerNormalization]
    [Dense(16)]
    public partial class TinyLanguageModel { }

    /// <summary>
    /// Issue 17 §3: a language model's <c>Generate</c> with <see cref="Sampling"/>: one step per new token from the
    /// carried state (greedy equals the argmax of Forward over the whole growing sequence), repeatable with a seed, top-k
    /// and top-p within their sets, the end token, batches of prompts, and argument checks.
    /// </summary>
    public sealed class GenerationTests
    {
        private static readonly long[] Prompt = { 3, 7, 1, 12, 5 };

        /// <summary>The scores of the next token after each prefix of <paramref name="tokens"/> longer than the prompt, from Forward over the whole prefix.</summary>
        private static List<float[]> ScoresByForward(RnnModel model, long[] prompt, long[] generated)
        {
            var scores = new List<float[]>();
            model.eval();
            using var noGrad = no_grad();
            for (int i = 0; i < generated.Length; i++)
            {
                long[] prefix = prompt.Concat(generated.Take(i)).ToArray();
                using var scope = NewDisposeScope();
                var output = model.call(tensor(prefix, new long[] { 1, prefix.Length }));
                scores.Add(output[0, -1].data<float>().ToArray());
            }
            model.train();
            return scores;
        }

        /// <summary>
        /// A model with its weights scaled up, whose next token depends strongly on the state: a freshly initialised
        /// model's greedy text soon repeats one token, which would make the greedy test weak.
        /// </summary>
        private static TinyLanguageModel Sharpened(long seed, double scale = 3)
        {
            var model = new TinyLanguageModel(seed);
            using var noGrad = no_grad();
            foreach (var parameter in model.parameters()) parameter.mul_(scale);
            return model;
        }

        private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());

        [Fact]
        public void Greedy_equals_the_argmax_of_forward_over_the_whole_growing_sequence()
        {
            using var model = Sharpened(4);

            long[] generated = model.Generate(Prompt, 20, Sampling.Greedy);

            Assert.Equal(20, generated.Length);
            var scores = ScoresByForward(model, Prompt, generated);
            for (int i = 0; i < generated.Length; i++) Assert.Equal(ArgMax(scores[i]), generated[i]);
            Assert.True(model.training, "Generate restores the training mode");
            Assert.True(generated.Distinct().Count() > 3, $"the greedy text should not be a few tokens repeated: {string.Join(" ", generated)}");
        }

        /// <summary>Records the time length of every input the model runs from a state.</summary>
        private sealed class RecordingModel : TinyLanguageModel
        {
            public RecordingModel() : base(seed: 2) { }

            public List<long> Lengths { get; } = new();

            protected override (Tensor Output, Tensor? Mask, ModelState State) ForwardWithStateCore(Tensor input, ModelState? initialState)
            {
                Lengths.Add(input.size(1));
                return base.ForwardWithStateCore(input, initialState);
            }
        }

        [Fact]
        public void The_prompt_runs_once_and_each_new_token_costs_one_step_of_one_token()
        {
            using var model = new RecordingModel();

            model.Generate(Prompt, 10, Sampling.TopK(3, seed: 1));
            model.Generate(new[] { new long[] { 1, 2 }, new long[] { 1, 2, 3, 4 } }, 3, Sampling.Greedy);

            // The last token needs no step after it. In the batch, the shared two tokens run at once, the longer prompt's
            // other two one per step (while the shorter prompt's first tokens are drawn), then its own three tokens.
            Assert.Equal(new long[] { 5 }.Concat(Enumerable.Repeat(1L, 9)).Concat(new long[] { 2 }).Concat(Enumerable.Repeat(1L, 4)), model.Lengths);
        }

        [Fact]
        public void A_batch_of_prompts_of_different_lengths_gives_what_each_prompt_gives_alone()
        {
            using var model = Sharpened(5);
            var prompts = new[] { Prompt, new long[] { 9 }, new long[] { 2, 2, 4, 15, 0, 1, 8, 8 } };

            long[][] batch = model.Generate(prompts, 12, Sampling.Greedy);

            Assert.Equal(prompts.Select(p => model.Generate(p, 12, Sampling.Greedy)), batch);
        }

        [Fact]
        public void A_seed_makes_sampling_repeatable_and_different_seeds_differ()
        {
            using var model = new TinyLanguageModel(seed: 6);

            long[] first = model.Generate(Prompt, 40, Sampling.Temperature(1.0, seed: 1));
            long[] again = model.Generate(Prompt, 40, Sampling.Temperature(1.0, seed: 1));
            long[] other = model.Generate(Prompt, 40, Sampling.Temperature(1.0, seed: 2));

            Assert.Equal(first, again);
            Assert.NotEqual(first, other);
            Assert.Equal(model.Generate(Prompt, 40, Sampling.TopK(4, 0.7, seed: 3)), model.Generate(Prompt, 40, Sampling.TopK(4, 0.7, seed: 3)));
            Assert.Equal(model.Generate(Prompt, 40, Sampling.TopP(0.8, 1.5, seed: 3)), model.Generate(Prompt, 40, Sampling.TopP(0.8, 1.5, seed: 3)));
        }

        [Fact]
        public void Top_k_never_draws_a_token_outside_the_k_most_likely()
        {
            using var model = new TinyLanguageModel(seed: 7);

            long[] generated = model.Generate(Prompt, 60, Sampling.TopK(3, temperature: 2.0, seed: 1));

            var scores = ScoresByForward(model, Prompt, generated);
            for (int i = 0; i < generated.Length; i++)
            {
                var best = scores[i].Select((s, id) => (s, id)).OrderByDescending(p => p.s).Take(3).Select(p => (long)p.id);
                Assert.Contains(generated[i], best);
            }
            // With temperature 2 over three tokens, not always the first: the draw is a draw.
            Assert.Contains(generated.Select((t, i) => t != ArgMax(scores[i])), differs => differs);
        }

        [Fact]
        public void Top_p_draws_only_from_the_smallest_set_whose_mass_reaches_p()
        {
            using var model = new TinyLanguageModel(seed: 8);
            const double p = 0.5, temperature = 3.0;

            long[] generated = model.Generate(Prompt, 60, Sampling.TopP(p, temperature, seed: 1));

            var scores = ScoresByForward(model, Prompt, generated);
            for (int i = 0; i < generated.Length; i++) Assert.Contains(generated[i], Nucleus(scores[i], p, temperature));
        }

        /// <summary>The smallest set of most likely ids whose softmax(scores / temperature) adds up to at least p.</summary>
        private static List<long> Nucleus(float[] scores, double p, double temperature)
        {
            var scaled = scores.Select(s => s / temperature).ToArray();
            double max = scaled.Max();
            var weights = scaled.Select(s => Math.Exp(s - max)).ToArray();
            double total = weights.Sum();
            var set = new List<long>();
            double mass = 0;
            foreach (var (w, id) in weights.Select((w, id) => (w, id)).OrderByDescending(x => x.w))
            {
                if (mass >= p) break;
                set.Add(id);
                mass += w / total;
            }
            return set;
        }

        [Theory]
        [InlineData(0.65, new long[] { 0, 1 })]       // 0.5 < 0.65 <= 0.5 + 0.3
        [InlineData(0.85, new long[] { 0, 1, 2 })]    // 0.8 < 0.85 <= 0.95
        [InlineData(0.4, new long[] { 0 })]           // the most likely token alone already holds 0.5
        [InlineData(1.0, new long[] { 0, 1, 2, 3 })]
        public void Top_p_keeps_exactly_the_smallest_set_reaching_p(double p, long[] expected)
        {
            // Probabilities 0.5, 0.3, 0.15, 0.05 over four ids, drawn 4,000 times in one batch.
            using var logits = tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().expand(4000, 4).contiguous();
            using var generator = new Generator(1);

            using var drawn = Sampling.TopP(p).Pick(logits, generator);

            Assert.Equal(expected, drawn.data<long>().ToArray().Distinct().Order());
        }

        [Fact]
        public void The_end_token_ends_the_text_and_is_its_last_token()
        {
            using var model = Sharpened(4);
            long[] full = model.Generate(Prompt, 20, Sampling.Greedy);
            long end = full[6];
            int first = Array.IndexOf(full, end);

            long[] ended = model.Generate(Prompt, 20, Sampling.Greedy, endToken: end);

            Assert.Equal(full.Take(first + 1), ended);
            Assert.Empty(model.Generate(Prompt, 0, Sampling.Greedy));
            // In a batch, a row that ends stops growing; the others go on.
            var rows = model.Generate(new[] { Prompt, new long[] { 11, 2 } }, 20, Sampling.Greedy, endToken: end);
            Assert.Equal(ended, rows[0]);
            Assert.Equal(model.Generate(new long[] { 11, 2 }, 20, Sampling.Greedy, endToken: end), rows[1]);
        }

        [Fact]
        public void Bad_arguments_throw_naming_them()
        {
            using var model = new TinyLanguageModel(seed: 1);

            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.Temperature(0)).ParamName);
            Assert.Equal("temperature", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.TopK(3, double.NaN)).ParamName);
            Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.TopK(0)).ParamName);
            Assert.Equal("p", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.TopP(0)).ParamName);
            Assert.StartsWith("Sampling.TopP: p must be in (0, 1], but was 1.5.", Assert.Throws<ArgumentOutOfRangeException>(() => Sampling.TopP(1.5)).Message);

            var e = Assert.Throws<ArgumentException>(() => model.Generate(ReadOnlySpan<long>.Empty, 5, Sampling.Greedy));
            Assert.Equal("prompt", e.ParamName);
            Assert.StartsWith("TinyLanguageModel.Generate: prompt must hold at least one token id to start from, but is empty.", e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Generate(new long[] { 3, 16 }, 5, Sampling.Greedy));
            Assert.StartsWith("TinyLanguageModel.Generate: prompt holds id 16 at position 1, outside the model's vocabulary [0, 16).", e.Message);
            e = Assert.Throws<ArgumentException>(() => model.Generate(new[] { Prompt, new long[] { -1 } }, 5, Sampling.Greedy));
            Assert.Equal("prompts", e.ParamName);
            Assert.StartsWith("TinyLanguageModel.Generate: prompts[1] holds id -1 at position 0", e.Message);
            Assert.Equal("maxNewTokens", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Prompt, -1, Sampling.Greedy)).ParamName);
            Assert.Equal("sampling", Assert.Throws<ArgumentNullException>(() => model.Generate(Prompt, 3, null!)).ParamName);
            Assert.StartsWith("TinyLanguageModel.Generate: endToken must be in the model's vocabulary [0, 16), but was 16.",
                Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Prompt, 3, Sampling.Greedy, endToken: 16)).Message);
        }

        [Fact]
        public void Sampling_reads_as_written()
        {
            Assert.Equal("Greedy", Sampling.Greedy.ToString());
            Assert.Equal("Temperature(0.5)", Sampling.Temperature(0.5).ToString());
            Assert.Equal("TopK(5, temperature: 0.8, seed: 1)", Sampling.TopK(5, 0.8, seed: 1).ToString());
            Assert.Equal("TopP(0.9, temperature: 1, seed: -2)", Sampling.TopP(0.9, seed: -2).ToString());
        }
    }

    [Collection(nameof(GlobalGeneratorCollection))]
    public sealed class SeededSamplingTests
    {
        [Fact]
        public void Seeded_sampling_leaves_the_global_generator_alone_and_unseeded_sampling_draws_from_it()
        {
            using var model = new TinyLanguageModel(seed: 3);
            long[] prompt = { 1, 2, 3 };

            torch.manual_seed(42);
            using var expected = rand(4);
            torch.manual_seed(42);
            model.Generate(prompt, 10, Sampling.Temperature(1.0, seed: 9));
            using var after = rand(4);
            Assert.True(expected.allclose(after, rtol: 0, atol: 0), "a seeded Generate drew from the global generator");

            torch.manual_seed(42);
            long[] first = model.Generate(prompt, 10, Sampling.Temperature(1.0));
            torch.manual_seed(42);
            Assert.Equal(first, model.Generate(prompt, 10, Sampling.Temperature(1.0)));
            using var moved = rand(4);
            Assert.False(expected.allclose(moved, rtol: 0, atol: 0), "an unseeded Generate should draw from the global generator");
        }
    }
}
