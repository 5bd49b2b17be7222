using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Rnn.IO
{
    /// <summary>A storage a <c>.pt</c> pickle refers to: the zip entry <c>data/{Key}</c>, holding <see cref="Elements"/> values of <see cref="Type"/>.</summary>
    internal sealed record PickledStorage(string Key, ScalarType Type, long Elements);

    /// <summary>A tensor of a <c>.pt</c> pickle: a view of <see cref="Storage"/>, as <c>torch._utils._rebuild_tensor_v2</c> builds it.</summary>
    internal sealed record PickledTensor(PickledStorage Storage, long Offset, long[] Shape, long[] Stride);

    /// <summary>
    /// Reads the pickle of a <c>.pt</c> state dict (<c>data.pkl</c>) without running anything: a dict (or
    /// <c>collections.OrderedDict</c>) from names to tensors, as <c>torch.save</c> writes it with pickle protocols 2 to 5.
    /// Only the opcodes such a pickle uses are read, and only the Python objects it names: <c>OrderedDict</c>,
    /// <c>torch._utils._rebuild_tensor_v2</c> (and <c>_rebuild_tensor</c>, <c>_rebuild_parameter</c>) and the typed
    /// storages (<c>torch.FloatStorage</c>, …). Anything else is refused.
    /// </summary>
    /// <remarks>
    /// The work and memory are bounded: a pickle has at most <see cref="MaxBytes"/> bytes, creates at most
    /// <see cref="MaxValues"/> values (a state dict uses about 25 per tensor) and memoizes at most as many, and every
    /// length is checked against the bytes left before anything is allocated.
    /// </remarks>
    internal sealed class PyTorchPickle
    {
        /// <summary>The largest pickle read: a state dict of 40,000 tensors takes about 8 MB.</summary>
        public const int MaxBytes = 8 << 20;

        /// <summary>The most values a pickle may create (pushes, including marks and memo lookups).</summary>
        public const int MaxValues = 1_000_000;

        private const int MaxRank = 32;
        private const int MaxGlobalName = 256;
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private static readonly Dictionary<string, ScalarType> StorageTypes = new(StringComparer.Ordinal)
        {
            ["DoubleStorage"] = ScalarType.Float64, ["FloatStorage"] = ScalarType.Float32, ["HalfStorage"] = ScalarType.Float16,
            ["BFloat16Storage"] = ScalarType.BFloat16, ["LongStorage"] = ScalarType.Int64, ["IntStorage"] = ScalarType.Int32,
            ["ShortStorage"] = ScalarType.Int16, ["CharStorage"] = ScalarType.Int8, ["ByteStorage"] = ScalarType.Byte,
            ["BoolStorage"] = ScalarType.Bool, ["ComplexFloatStorage"] = ScalarType.ComplexFloat32, ["ComplexDoubleStorage"] = ScalarType.ComplexFloat64,
        };

        private readonly byte[] _pickle;
        private readonly Func<string, InvalidDataException> _invalid;
        private readonly List<object?> _stack = new();
        private readonly List<int> _marks = new();
        private readonly Dictionary<uint, object?> _memo = new();
        private readonly Dictionary<string, PickledStorage> _storages = new(StringComparer.Ordinal);
        private int _position;
        private int _opcodeAt;
        private int _values;

        private PyTorchPickle(byte[] pickle, Func<string, InvalidDataException> invalid)
        {
            _pickle = pickle;
            _invalid = invalid;
        }

        /// <summary>A dict of a state dict's pickle, in file order: its <c>(key, value)</c> pairs.</summary>
        private sealed class Dict
        {
            public List<(object? Key, object? Value)> Items { get; } = new();
        }

        /// <summary>A Python object a pickle names (<c>GLOBAL</c>): one of those a state dict uses.</summary>
        private sealed record Global(string Module, string Name)
        {
            public override string ToString() => Module + "." + Name;
        }

        /// <summary>
        /// The state dict in <paramref name="pickle"/>: its names and tensors, in file order. Problems throw
        /// <paramref name="invalid"/>(problem), the problem phrased to follow "The weights file '…' ", e.g. <c>is not a
        /// state dict: …</c>.
        /// </summary>
        public static List<(string Name, PickledTensor Tensor)> ReadStateDict(byte[] pickle, Func<string, InvalidDataException> invalid)
        {
            if (pickle.Length > MaxBytes)
                throw invalid($"has a data.pkl of {Count(pickle.Length)} bytes, more than the {Count(MaxBytes)} of a state dict Rnn reads");
            var reader = new PyTorchPickle(pickle, invalid);
            return reader.StateDict(reader.Run());
        }

        /// <summary>Runs the opcodes up to <c>STOP</c>; returns the one value left.</summary>
        private object? Run()
        {
            while (true)
            {
                if (_position >= _pickle.Length) throw Problem("ends without a STOP opcode");
                _opcodeAt = _position;
                byte opcode = _pickle[_position++];
                if (opcode == (byte)'.')
                {
                    if (_stack.Count != 1 || _marks.Count != 0) throw Problem($"ends with {_stack.Count} values and {_marks.Count} marks instead of one dict");
                    if (_position != _pickle.Length) throw Problem($"has {Count(_pickle.Length - _position)} bytes after its STOP opcode");
                    return _stack[0];
                }
                Step(opcode);
            }
        }

        private void Step(byte opcode)
        {
            switch (opcode)
            {
                case 0x80: // PROTO
                    if (Take(1)[0] is < 2 or > 5) throw Problem("has a pickle protocol other than 2 to 5");
                    break;
                case 0x95: Take(8); break; // FRAME: a hint for buffering only
                case (byte)'(': Count(); _marks.Add(_stack.Count); break; // MARK
                case (byte)'0': Pop(); break; // POP
                case (byte)'1': PopMark(); break; // POP_MARK
                case (byte)'2': Push(Peek()); break; // DUP
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break; // NEWTRUE
                case 0x89: Push(false); break; // NEWFALSE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break; // BININT
                case (byte)'K': Push((long)Take(1)[0]); break; // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break; // BININT2
                case 0x8a: Push(Long(Take(1)[0])); break; // LONG1
                case 0x8b: Push(Long(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))); break; // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break; // BINFLOAT
                case (byte)'X': Push(Text(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // BINUNICODE
                case 0x8c: Push(Text(Take(1)[0])); break; // SHORT_BINUNICODE
                case 0x8d: Push(Text(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)))); break; // BINUNICODE8
                case (byte)'}': Push(new Dict()); break; // EMPTY_DICT
                case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
                case (byte)'t': Push(PopMark()); break; // TUPLE
                case 0x85: Push(PopTuple(1)); break; // TUPLE1
                case 0x86: Push(PopTuple(2)); break; // TUPLE2
                case 0x87: Push(PopTuple(3)); break; // TUPLE3
                case (byte)'s': SetItems(PopTuple(2)); break; // SETITEM
                case (byte)'u': SetItems(PopMark()); break; // SETITEMS
                case (byte)'c': Push(Allowed(Line(), Line())); break; // GLOBAL
                case 0x93: // STACK_GLOBAL
                    var names = PopTuple(2);
                    Push(Allowed(names[0] as string ?? throw Problem("has a STACK_GLOBAL whose module is not a string"),
                        names[1] as string ?? throw Problem("has a STACK_GLOBAL whose name is not a string")));
                    break;
                case (byte)'R': Reduce(); break; // REDUCE
                case (byte)'b': Build(); break; // BUILD
                case (byte)'Q': Push(Storage(Pop())); break; // BINPERSID
                case (byte)'q': Memoize(Take(1)[0]); break; // BINPUT
                case (byte)'r': Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))); break; // LONG_BINPUT
                case 0x94: Memoize((uint)_memo.Count); break; // MEMOIZE
                case (byte)'h': Push(Recall(Take(1)[0])); break; // BINGET
                case (byte)'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break; // LONG_BINGET
                default:
                    throw Problem($"has the pickle opcode 0x{opcode.ToString("x2", CultureInfo.InvariantCulture)}, which a state dict does not use");
            }
        }

        /// <summary>The next <paramref name="count"/> bytes, checked against what is left.</summary>
        private ReadOnlySpan<byte> Take(long count)
        {
            if (count < 0 || count > _pickle.Length - _position)
                throw Problem($"needs {Count(count)} more bytes, but only {Count(_pickle.Length - _position)} are left");
            var span = _pickle.AsSpan(_position, (int)count);
            _position += (int)count;
            return span;
        }

        private string Text(ulong length)
        {
            var bytes = Take((long)Math.Min(length, long.MaxValue));
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Problem("has a string that is not valid UTF-8");
            }
        }

        /// <summary>A GLOBAL's module or name: ASCII up to a line feed.</summary>
        private string Line()
        {
            int end = Array.IndexOf(_pickle, (byte)'\n', _position, Math.Min(MaxGlobalName, _pickle.Length - _position));
            if (end < 0) throw Problem($"has a GLOBAL name that does not end within {MaxGlobalName} bytes");
            var bytes = Take(end - _position);
            _position++;
            foreach (byte b in bytes)
                if (b is < 0x20 or > 0x7e) throw Problem("has a GLOBAL name that is not printable ASCII");
            return Encoding.ASCII.GetString(bytes);
        }

        /// <summary>A little-endian two's-complement integer of <paramref name="length"/> bytes (LONG1, LONG4), which must fit 64 bits.</summary>
        private long Long(long length)
        {
            if (length > 8) throw Problem($"has an integer of {Count(length)} bytes; a state dict's fit in 8");
            var bytes = Take(length);
            long value = 0;
            for (int i = bytes.Length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
            if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0) value -= 1L << (8 * bytes.Length); // sign
            return value;
        }

        private void Count()
        {
            if (++_values > MaxValues) throw Problem($"creates more than {Count(MaxValues)} values, more than a state dict Rnn reads needs");
        }

        private void Push(object? value)
        {
            Count();
            _stack.Add(value);
        }

        private object? Peek() => _stack.Count > Floor() ? _stack[^1] : throw Problem("takes a value from an empty stack");

        private object? Pop()
        {
            var value = Peek();
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        /// <summary>The stack position of the last mark: values below it cannot be popped.</summary>
        private int Floor() => _marks.Count == 0 ? 0 : _marks[^1];

        private object?[] PopTuple(int count)
        {
            if (_stack.Count - Floor() < count) throw Problem($"takes {count} values from a stack that has fewer");
            var values = _stack.GetRange(_stack.Count - count, count).ToArray();
            _stack.RemoveRange(_stack.Count - count, count);
            return values;
        }

        private object?[] PopMark()
        {
            if (_marks.Count == 0) throw Problem("has no MARK for an opcode that needs one");
            int mark = _marks[^1];
            _marks.RemoveAt(_marks.Count - 1);
            var values = _stack.GetRange(mark, _stack.Count - mark).ToArray();
            _stack.RemoveRange(mark, _stack.Count - mark);
            return values;
        }

        private void SetItems(object?[] pairs)
        {
            if (pairs.Length % 2 != 0) throw Problem("has a SETITEMS with a key but no value");
            var dict = Peek() as Dict ?? throw Problem("sets items on something that is not a dict");
            for (int i = 0; i < pairs.Length; i += 2) dict.Items.Add((pairs[i], pairs[i + 1]));
        }

        private void Memoize(uint index)
        {
            var value = Peek();
            if (!_memo.ContainsKey(index) && _memo.Count >= MaxValues) throw Problem($"memoizes more than {Count(MaxValues)} values");
            _memo[index] = value;
        }

        private object? Recall(uint index) =>
            _memo.TryGetValue(index, out var value) ? value : throw Problem($"recalls memo entry {index}, which was never stored");

        /// <summary>The Python object <paramref name="module"/>.<paramref name="name"/>, if a state dict uses it.</summary>
        private Global Allowed(string module, string name)
        {
            bool allowed = (module, name) switch
            {
                ("collections", "OrderedDict") => true,
                ("torch._utils", "_rebuild_tensor_v2" or "_rebuild_tensor" or "_rebuild_parameter") => true,
                ("torch", _) => StorageTypes.ContainsKey(name),
                _ => false,
            };
            if (!allowed)
                throw Problem($"names the Python object '{module}.{name}', which a state dict of tensors does not use; nothing was run. " +
                    "Rnn reads state dicts only: save model.state_dict()");
            return new Global(module, name);
        }

        /// <summary>REDUCE: calls an allowed object with a tuple of arguments.</summary>
        private void Reduce()
        {
            var arguments = Pop() as object?[] ?? throw Problem("calls an object with arguments that are not a tuple");
            var callable = Pop() as Global ?? throw Problem("calls something that is not a Python object it names");
            Push(callable.Name switch
            {
                "OrderedDict" when arguments is [] or [object?[] { Length: 0 }] => new Dict(), // OrderedDict() or OrderedDict(()), as TorchSharp.PyBridge writes
                "_rebuild_tensor_v2" when arguments.Length is 6 or 7 => Tensor(arguments),
                "_rebuild_tensor" when arguments.Length == 4 => Tensor(arguments),
                "_rebuild_parameter" when arguments.Length == 3 => arguments[0] as PickledTensor ?? throw Problem("rebuilds a parameter from something that is not a tensor"),
                _ => throw Problem($"calls {callable} with {arguments.Length} arguments, which a state dict does not"),
            });
        }

        /// <summary>BUILD: sets the state of an object; only a dict's (an OrderedDict's <c>_metadata</c>), which is not needed.</summary>
        private void Build()
        {
            Pop();
            if (Peek() is not Dict) throw Problem("sets the state of something that is not a dict");
        }

        /// <summary>BINPERSID: <c>('storage', torch.FloatStorage, key, location, elements)</c>, the reference to a zip entry <c>data/key</c>.</summary>
        private PickledStorage Storage(object? id)
        {
            if (id is not object?[] { Length: 5 } parts || parts[0] as string != "storage" || parts[1] is not Global { Module: "torch" } type
                || parts[2] is not string key || parts[3] is not string || parts[4] is not long elements)
                throw Problem("has a persistent id that is not ('storage', type, key, location, size)");
            if (!StorageTypes.TryGetValue(type.Name, out var scalar) || elements < 0)
                throw Problem($"has the storage '{key}' of type {type} with {elements} elements");
            var storage = new PickledStorage(key, scalar, elements);
            if (!_storages.TryGetValue(key, out var known)) _storages.Add(key, storage);
            else if (known != storage)
                throw Problem($"names the storage '{key}' twice, as {known.Elements} {known.Type} and as {elements} {scalar} values");
            return known ?? storage;
        }

        /// <summary><c>_rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])</c>, its view checked against the storage.</summary>
        private PickledTensor Tensor(object?[] arguments)
        {
            if (arguments[0] is not PickledStorage storage || arguments[1] is not long offset)
                throw Problem("rebuilds a tensor without a storage and an offset");
            long[] shape = Longs(arguments[2], "size");
            long[] stride = Longs(arguments[3], "stride");
            if (shape.Length != stride.Length || shape.Length > MaxRank)
                throw Problem($"has a tensor of storage '{storage.Key}' with {shape.Length} sizes and {stride.Length} strides (at most {MaxRank} each)");
            if (offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
                throw Problem($"has a tensor of storage '{storage.Key}' with a negative offset, size or stride (offset {offset}, size {Rnn.Shape.Format(shape)}, stride {Rnn.Shape.Format(stride)})");
            long? last = LastElement(offset, shape, stride);
            if (last is null ? offset > storage.Elements : last >= storage.Elements)
                throw Problem($"has a tensor of size {Rnn.Shape.Format(shape)}, stride {Rnn.Shape.Format(stride)} and offset {offset} that reaches beyond the {storage.Elements} elements of its storage '{storage.Key}'");
            return new PickledTensor(storage, offset, shape, stride);
        }

        /// <summary>The storage index of a view's last element; null for an empty view; long.MaxValue when it overflows.</summary>
        private static long? LastElement(long offset, long[] shape, long[] stride)
        {
            if (shape.Any(d => d == 0)) return null;
            try
            {
                long last = offset;
                for (int d = 0; d < shape.Length; d++) last = checked(last + (shape[d] - 1) * stride[d]);
                return last;
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        private long[] Longs(object? value, string what)
        {
            if (value is not object?[] items || items.Any(i => i is not long))
                throw Problem($"rebuilds a tensor whose {what} is not a tuple of integers");
            return items.Select(i => (long)i!).ToArray();
        }

        /// <summary>The state dict the pickle built: string keys, each a tensor, none twice.</summary>
        private List<(string Name, PickledTensor Tensor)> StateDict(object? result)
        {
            if (result is not Dict dict)
                throw _invalid($"is not a state dict: its pickle holds a {TypeName(result)}, not a dict of tensors");
            var names = new HashSet<string>(StringComparer.Ordinal);
            var tensors = new List<(string, PickledTensor)>();
            foreach (var (key, value) in dict.Items)
            {
                string name = key as string ?? throw _invalid($"is not a state dict: it has the key {key} ({TypeName(key)}), not a tensor name");
                if (value is not PickledTensor tensor)
                    throw _invalid($"is not a state dict: '{name}' holds a {TypeName(value)}, not a tensor (a checkpoint dict? save model.state_dict() itself)");
                if (!names.Add(name)) throw _invalid($"is corrupt: it holds the tensor '{name}' twice");
                tensors.Add((name, tensor));
            }
            return tensors;
        }

        private static string TypeName(object? value) => value switch
        {
            null => "None",
            bool => "bool",
            long => "int",
            double => "float",
            string => "str",
            object?[] => "tuple",
            Dict => "dict",
            Global g => g.ToString(),
            PickledStorage => "storage",
            _ => "tensor",
        };

        private InvalidDataException Problem(string problem) =>
            _invalid($"is not a state dict Rnn can read: its data.pkl {problem} (at byte {_opcodeAt.ToString(CultureInfo.InvariantCulture)})");

        private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
