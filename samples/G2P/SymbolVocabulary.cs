using System;
using System.Collections.Generic;
using System.Linq;

namespace G2PSample
{
    /// <summary>
    /// The ids of a sequence-to-sequence model's symbols (letters or phonemes): 0 is padding, 1 the start token, 2 the
    /// end token, 3 an unknown symbol, and the symbols of the training words follow in ordinal order.
    /// </summary>
    public sealed class SymbolVocabulary
    {
        /// <summary>The id that pads a batch's shorter sequences (masked out of the loss and the attention).</summary>
        public const int PaddingId = 0;

        /// <summary>The id that starts every decoder input.</summary>
        public const int StartId = 1;

        /// <summary>The id that ends every sequence; decoding stops when it is produced.</summary>
        public const int EndId = 2;

        /// <summary>The id of a symbol that is not in the vocabulary (a letter the training words lack).</summary>
        public const int UnknownId = 3;

        private static readonly string[] Reserved = { "", "<s>", "</s>", "<unk>" };

        private readonly string[] _symbols;
        private readonly Dictionary<string, int> _ids;

        private SymbolVocabulary(string[] symbols)
        {
            _symbols = symbols;
            _ids = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = Reserved.Length; i < symbols.Length; i++) _ids.Add(symbols[i], i);
        }

        /// <summary>The number of ids, the four reserved ones included: the vocabulary size of an Embedding or of the decoder's output.</summary>
        public int Count => _symbols.Length;

        /// <summary>The symbols by id; ids 0 to 3 are <c>""</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> and <c>&lt;unk&gt;</c>.</summary>
        public IReadOnlyList<string> Symbols => _symbols;

        /// <summary>The distinct symbols of <paramref name="sequences"/> (the training words' letters or phonemes), in ordinal order, after the reserved ids.</summary>
        /// <exception cref="ArgumentException">A symbol is empty or is one of the reserved tokens.</exception>
        public static SymbolVocabulary Build(IEnumerable<IEnumerable<string>> sequences)
        {
            ArgumentNullException.ThrowIfNull(sequences);
            var distinct = new SortedSet<string>(sequences.SelectMany(s => s), StringComparer.Ordinal);
            var reserved = distinct.FirstOrDefault(s => Array.IndexOf(Reserved, s) >= 0);
            if (reserved is not null)
                throw new ArgumentException($"SymbolVocabulary: the symbol \"{reserved}\" is reserved (ids 0-3 are \"\", <s>, </s> and <unk>).", nameof(sequences));
            return new SymbolVocabulary(Reserved.Concat(distinct).ToArray());
        }

        /// <summary>The id of <paramref name="symbol"/>, or <see cref="UnknownId"/>.</summary>
        public int IdOf(string symbol)
        {
            ArgumentNullException.ThrowIfNull(symbol);
            return _ids.TryGetValue(symbol, out int id) ? id : UnknownId;
        }

        /// <summary>The ids of <paramref name="symbols"/>, after <see cref="StartId"/> and before <see cref="EndId"/> when asked for.</summary>
        public int[] Encode(IEnumerable<string> symbols, bool start = false, bool end = false)
        {
            ArgumentNullException.ThrowIfNull(symbols);
            var ids = new List<int>();
            if (start) ids.Add(StartId);
            ids.AddRange(symbols.Select(IdOf));
            if (end) ids.Add(EndId);
            return ids.ToArray();
        }

        /// <summary>
        /// The symbols of decoded <paramref name="ids"/>: up to the first <see cref="EndId"/>, without padding or
        /// <see cref="StartId"/>; an unknown id is <c>&lt;unk&gt;</c>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">An id is negative or not below <see cref="Count"/>.</exception>
        public string[] Decode(IEnumerable<long> ids)
        {
            ArgumentNullException.ThrowIfNull(ids);
            var symbols = new List<string>();
            foreach (long id in ids)
            {
                if (id < 0 || id >= _symbols.Length)
                    throw new ArgumentOutOfRangeException(nameof(ids), id, $"SymbolVocabulary: id {id} is not in 0..{_symbols.Length - 1}.");
                if (id == EndId) break;
                if (id is not (PaddingId or StartId)) symbols.Add(_symbols[id]);
            }
            return symbols.ToArray();
        }
    }
}
