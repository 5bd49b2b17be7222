using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Rnn
{
    /// <summary>
    /// How a language model's <c>Generate</c> picks each next token from the model's scores (logits) over the vocabulary:
    /// the most likely token (<see cref="Greedy"/>), or a draw from the softmax of the logits divided by a temperature,
    /// over every token (<see cref="Temperature"/>), the k most likely (<see cref="TopK"/>) or the most likely whose
    /// probabilities add up to p (<see cref="TopP"/>, nucleus sampling).
    /// </summary>
    /// <remarks>
    /// With a seed, each <c>Generate</c> call draws from its own generator seeded with it, so the same model, prompt and
    /// sampling give the same tokens every time, whatever else draws random numbers; without one, the draws come from
    /// TorchSharp's global generator (<c>torch.manual_seed</c>). The draws are made on the CPU, whatever the model's
    /// device. A temperature below 1 sharpens the distribution (towards greedy), above 1 flattens it.
    /// </remarks>
    public sealed class Sampling
    {
        private readonly Kind _kind;
        private readonly double _temperature;
        private readonly int _k;
        private readonly double _p;

        private Sampling(Kind kind, double temperature, int k, double p, long? seed)
        {
            _kind = kind;
            _temperature = temperature;
            _k = k;
            _p = p;
            Seed = seed;
        }

        private enum Kind { Greedy, Temperature, TopK, TopP }

        /// <summary>Always the most likely token (the argmax of the logits): no randomness.</summary>
        public static Sampling Greedy { get; } = new(Kind.Greedy, 1, 0, 1, null);

        /// <summary>Draws each token from the softmax of the logits divided by <paramref name="temperature"/>.</summary>
        /// <param name="temperature">Positive: below 1 sharper, above 1 flatter, 1 the model's own distribution.</param>
        /// <param name="seed">Seed of the draws of each Generate call; null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="temperature"/> is not a positive finite number.</exception>
        public static Sampling Temperature(double temperature, long? seed = null) =>
            new(Kind.Temperature, CheckTemperature(temperature, nameof(Temperature)), 0, 1, seed);

        /// <summary>Draws each token from the <paramref name="k"/> most likely ones, as <see cref="Temperature"/> does over them.</summary>
        /// <param name="k">How many of the most likely tokens may be drawn, at least 1 (all of them when above the vocabulary).</param>
        /// <param name="temperature">Positive; see <see cref="Temperature"/>.</param>
        /// <param name="seed">Seed of the draws of each Generate call; null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1, or <paramref name="temperature"/> is not a positive finite number.</exception>
        public static Sampling TopK(int k, double temperature = 1.0, long? seed = null)
        {
            if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, $"Sampling.TopK: k must be at least 1, but was {k}.");
            return new(Kind.TopK, CheckTemperature(temperature, nameof(TopK)), k, 1, seed);
        }

        /// <summary>
        /// Draws each token from the smallest set of most likely tokens whose probabilities (after the temperature) add up
        /// to at least <paramref name="p"/>, as <see cref="Temperature"/> does over them: nucleus sampling.
        /// </summary>
        /// <param name="p">The probability mass to keep, in (0, 1]; 1 keeps every token.</param>
        /// <param name="temperature">Positive; see <see cref="Temperature"/>.</param>
        /// <param name="seed">Seed of the draws of each Generate call; null for TorchSharp's global generator.</param>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in (0, 1], or <paramref name="temperature"/> is not a positive finite number.</exception>
        public static Sampling TopP(double p, double temperature = 1.0, long? seed = null)
        {
            if (!(p > 0 && p <= 1))
                throw new ArgumentOutOfRangeException(nameof(p), p, $"Sampling.TopP: p must be in (0, 1], but was {Format(p)}.");
            return new(Kind.TopP, CheckTemperature(temperature, nameof(TopP)), 0, p, seed);
        }

        /// <summary>The seed of the draws of each Generate call; null for TorchSharp's global generator (and for <see cref="Greedy"/>).</summary>
        public long? Seed { get; }

        /// <summary>The sampling as written, e.g. <c>TopK(5, temperature: 0.8, seed: 1)</c>.</summary>
        public override string ToString()
        {
            string seed = Seed is long s ? ", seed: " + s.ToString(CultureInfo.InvariantCulture) : "";
            return _kind switch
            {
                Kind.Greedy => "Greedy",
                Kind.Temperature => $"Temperature({Format(_temperature)}{seed})",
                Kind.TopK => $"TopK({_k.ToString(CultureInfo.InvariantCulture)}, temperature: {Format(_temperature)}{seed})",
                _ => $"TopP({Format(_p)}, temperature: {Format(_temperature)}{seed})",
            };
        }

        /// <summary>The generator of one Generate call's draws: seeded with <see cref="Seed"/>, or null for the global one.</summary>
        internal Generator? CreateGenerator() => _kind == Kind.Greedy ? null : GeneratedModelSupport.CreateGenerator(Seed);

        /// <summary>
        /// The next token of each row of <paramref name="logits"/>, float [batch, vocabulary] on any device: int64 [batch],
        /// in the caller's dispose scope; on the logits' device for <see cref="Greedy"/>, else on the CPU.
        /// </summary>
        internal Tensor Pick(Tensor logits, Generator? generator)
        {
            // Greedy needs no draw: the argmax runs where the logits are, and only the [batch] ids travel to the host.
            if (_kind == Kind.Greedy) return logits.argmax(-1);
            // The draws are made on the CPU, so the scores come to the host first: a seed's generator is a CPU
            // torch.Generator (and the global one, torch.manual_seed's), which makes a seed give the same tokens whatever
            // the model's device.
            // Scalars made explicitly and disposed: an implicit conversion would leave one to the finalizer per step.
            using var temperature = _temperature.ToScalar();
            var scaled = logits.cpu().to_type(ScalarType.Float64).div(temperature);
            if (_kind == Kind.Temperature || (_kind == Kind.TopP && _p >= 1)) return Draw(scaled.softmax(-1), generator).squeeze(-1);
            // sort, not topk: TorchSharp 0.107's topk leaves an object to the finalizer on every call.
            var (sorted, order) = scaled.sort(-1, descending: true);
            var probabilities = sorted.softmax(-1);
            using var p = _p.ToScalar();
            var weights = _kind == Kind.TopK
                ? probabilities.narrow(-1, 0, Math.Min(_k, probabilities.size(-1)))
                // A token is kept when the tokens more likely than it hold less than p: the smallest set reaching p.
                : probabilities.mul(probabilities.cumsum(-1).sub(probabilities).lt(p));
            return order.gather(-1, Draw(weights, generator)).squeeze(-1);
        }

        /// <summary>One index per row, drawn in proportion to <paramref name="weights"/> [batch, n]: int64 [batch, 1].</summary>
        private static Tensor Draw(Tensor weights, Generator? generator) => weights.multinomial(1, generator: generator);

        private static double CheckTemperature(double temperature, string factory)
        {
            if (!(temperature > 0 && double.IsFinite(temperature)))
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature,
                    $"Sampling.{factory}: temperature must be a positive finite number (Sampling.Greedy for the most likely token), but was {Format(temperature)}.");
            return temperature;
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
