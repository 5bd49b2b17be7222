using System;
using System.Collections.Generic;
using System.Linq;

namespace Rnn
{
    /// <summary>
    /// The bookkeeping of a batched beam search, on the CPU: for each source, <c>width</c> live hypotheses (rows
    /// <c>source · width</c> to <c>source · width + width − 1</c> of the decoder's batch) with their tokens and scores, and
    /// the hypotheses that ended. A hypothesis's score is the sum of its tokens' log-probabilities, the end token's
    /// included, not normalised by length.
    /// </summary>
    /// <remarks>
    /// Each step takes, per source, the best candidates (a live hypothesis extended by one token) in order of score: one
    /// that ends (the end token) is finished; the others become the new live hypotheses, until there are
    /// <c>width</c>. A source is done when its best finished hypothesis scores at least its best live one (scores only
    /// fall, so no live one can overtake it), or at the last step, when its live hypotheses finish as they are. With
    /// width 1 this is greedy decoding.
    /// </remarks>
    internal sealed class BeamHypotheses
    {
        private readonly int _width;
        private readonly int _sources;
        private readonly List<(double Score, long[] Tokens)>[] _finished;
        private readonly bool[] _done;
        private long[][] _tokens;
        private float[] _scores;

        /// <summary>Starts <paramref name="width"/> rows per source: one empty hypothesis of score 0, the others dead (−∞).</summary>
        public BeamHypotheses(int sources, int width)
        {
            _sources = sources;
            _width = width;
            _finished = Enumerable.Range(0, sources).Select(_ => new List<(double, long[])>()).ToArray();
            _done = new bool[sources];
            _tokens = Enumerable.Range(0, sources * width).Select(_ => Array.Empty<long>()).ToArray();
            _scores = Enumerable.Range(0, sources * width).Select(row => row % width == 0 ? 0f : float.NegativeInfinity).ToArray();
        }

        /// <summary>Each row's score, −∞ for a dead row: what the decoder's log-probabilities are added to.</summary>
        public float[] Scores => _scores;

        /// <summary>True when every source is done.</summary>
        public bool AllDone => _done.All(d => d);

        /// <summary>
        /// One step: <paramref name="values"/> and <paramref name="indices"/> are, per source, its best candidates' scores
        /// in decreasing order and their indices into [width · vocabulary] (the row within the source, then the token).
        /// Returns, per new row, the row it extends (to reorder the decoder's state) and the token it feeds next
        /// (<paramref name="fill"/> for a dead row).
        /// </summary>
        public (long[] Parents, long[] Next) Advance(float[] values, long[] indices, long vocabulary, long end, bool lastStep, long fill)
        {
            int rows = _sources * _width, candidates = values.Length / _sources;
            var parents = new long[rows];
            var next = new long[rows];
            var tokens = new long[rows][];
            var scores = new float[rows];
            for (int source = 0; source < _sources; source++)
            {
                int first = source * _width, alive = 0;
                for (int c = 0; c < candidates && alive < _width && !_done[source]; c++)
                {
                    float score = values[source * candidates + c];
                    if (float.IsNegativeInfinity(score)) break;
                    long index = indices[source * candidates + c];
                    int parent = first + (int)(index / vocabulary);
                    long token = index % vocabulary;
                    if (token == end)
                    {
                        _finished[source].Add((score, _tokens[parent]));
                        continue;
                    }
                    int row = first + alive++;
                    parents[row] = parent;
                    next[row] = token;
                    tokens[row] = _tokens[parent].Append(token).ToArray();
                    scores[row] = score;
                }
                for (int row = first + alive; row < first + _width; row++)
                {
                    parents[row] = first;
                    next[row] = fill;
                    tokens[row] = Array.Empty<long>();
                    scores[row] = float.NegativeInfinity;
                }
                if (!_done[source]) _done[source] = Finish(source, alive, tokens, scores, lastStep);
            }
            _tokens = tokens;
            _scores = scores;
            return (parents, next);
        }

        /// <summary>The best finished hypothesis of each source (the first of equal scores), without its end token; empty when none.</summary>
        public long[][] Best() => _finished
            .Select(list => list.Count == 0 ? Array.Empty<long>() : list.Aggregate((best, h) => h.Score > best.Score ? h : best).Tokens)
            .ToArray();

        /// <summary>Whether <paramref name="source"/> is done after this step; at the last step its live hypotheses finish as they are.</summary>
        private bool Finish(int source, int alive, long[][] tokens, float[] scores, bool lastStep)
        {
            int first = source * _width;
            if (lastStep || alive == 0)
            {
                for (int row = first; row < first + alive; row++) _finished[source].Add((scores[row], tokens[row]));
                return true;
            }
            var finished = _finished[source];
            return finished.Count > 0 && finished.Max(h => h.Score) >= scores[first];
        }
    }
}
