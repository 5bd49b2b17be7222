using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Rnn.IO;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// The weights readers' fuzz corpus (issue 19's acceptance): more than 10,000 mutated <c>.pt</c>, <c>.safetensors</c>
    /// and Rnn files, made in memory from good files by a seeded generator and loaded from their bytes into a model.
    /// Each must load or be refused with an InvalidDataException whose one-line message names the file: nothing may
    /// hang, crash, or throw anything else. Half of the mutations are structure-aware, so that they pass the outer
    /// checks and reach the parsers: a <c>.pt</c> file's pickle is mutated and the zip rebuilt with correct CRCs, a
    /// safetensors header's numbers are replaced by extremes, an Rnn file's checksum is recomputed.
    /// </summary>
    public sealed class WeightsFuzzTests
    {
        private const int Seed = 19;
        private static readonly TimeSpan SlowCase = TimeSpan.FromSeconds(2);
        private static readonly long[] Extremes =
        {
            0, 1, -1, 255, 256, 65535, int.MaxValue, int.MinValue, 0x7FFFFFF0, uint.MaxValue, long.MaxValue, long.MinValue,
            (1L << 62) + 3, 1L << 40, 100_000_000, Array.MaxLength,
        };

        private readonly ITestOutputHelper _output;

        public WeightsFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Ten_thousand_mutated_weights_files_load_or_are_refused_with_InvalidDataException()
        {
            using var model = HostileFiles.Model();
            var limit = ReadLimit.ForWeights(WeightBytes(model));
            var random = new Random(Seed);
            var seeds = Seeds(model);
            var corpus = new List<(string Kind, string Path, Func<byte[]> Make)>();
            foreach (var (path, bytes) in seeds)
            {
                int count = path.EndsWith(".pt", StringComparison.Ordinal) ? 2_000 : 1_600;
                for (int i = 0; i < count; i++) corpus.Add(("raw", path, () => Mutate(random, bytes)));
                for (int i = 0; i < count; i++) corpus.Add(("structured", path, () => MutateStructure(random, path, bytes)));
            }
            Assert.True(corpus.Count >= 10_000, $"{corpus.Count} files");

            var failures = new List<string>();
            var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < corpus.Count; i++)
            {
                var (kind, path, make) = corpus[i];
                byte[] bytes = make();
                var started = clock.Elapsed;
                string outcome = Load(model, path, bytes, limit, out string? failure);
                if (clock.Elapsed - started > SlowCase) failure ??= $"took {(clock.Elapsed - started).TotalSeconds:F1} s";
                if (failure is not null) failures.Add($"#{i} {kind} {Path.GetExtension(path)} ({bytes.Length} bytes): {failure}");
                string key = $"{Path.GetExtension(path)} {kind}: {outcome}";
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
            clock.Stop();

            _output.WriteLine($"{corpus.Count} files in {clock.Elapsed.TotalSeconds:F1} s");
            foreach (var (key, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)) _output.WriteLine($"{count,6} {key}");
            Assert.True(failures.Count == 0, $"{failures.Count} of {corpus.Count} files failed:\n" + string.Join("\n", failures.Take(20)));
            Assert.All(seeds.Select(s => Path.GetExtension(s.Path)).Distinct(), extension =>
                Assert.Contains(outcomes.Keys, k => k.StartsWith(extension + " structured: refused", StringComparison.Ordinal)));
        }

        /// <summary>Loads <paramref name="bytes"/>; returns <c>loaded</c> or <c>refused</c>, or sets <paramref name="failure"/>.</summary>
        private static string Load(RnnModel model, string path, byte[] bytes, ReadLimit limit, out string? failure)
        {
            failure = null;
            try
            {
                model.LoadWeightsFrom(path, bytes, limit);
                return "loaded";
            }
            catch (InvalidDataException e)
            {
                if (e.Message.Contains('\n') || !e.Message.Contains($"'{path}'", StringComparison.Ordinal))
                    failure = "a message that is not one line naming the file: " + e.Message;
                return "refused";
            }
            catch (Exception e)
            {
                failure = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}\n{e.StackTrace?.Split('\n').FirstOrDefault()}";
                return e.GetType().Name;
            }
        }

        /// <summary>Good files of the model in each format: Rnn's own writes, and a <c>.pt</c> laid out as torch.save lays it out.</summary>
        private static List<(string Path, byte[] Bytes)> Seeds(RnnModel model)
        {
            string dir = Directory.CreateTempSubdirectory("rnn-fuzz-").FullName;
            try
            {
                var seeds = new List<(string, byte[])>();
                foreach (string name in new[] { "rnn.pt", "model.safetensors", "model.weights" })
                {
                    string file = Path.Combine(dir, name);
                    model.SaveWeights(file);
                    seeds.Add(("/fuzz/" + name, File.ReadAllBytes(file)));
                }
                seeds.Add(("/fuzz/torch.pt", HostileFiles.Zip(HostileFiles.Entries(model))));
                return seeds;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        /// <summary>One to four byte-level changes: bit flips, extreme integers, truncation, insertion, deletion, repetition.</summary>
        private static byte[] Mutate(Random random, byte[] original)
        {
            var bytes = new List<byte>(original);
            int changes = random.Next(1, 5);
            for (int c = 0; c < changes; c++)
            {
                if (bytes.Count == 0) bytes.Add((byte)random.Next(256));
                int at = random.Next(bytes.Count);
                switch (random.Next(7))
                {
                    case 0:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        bytes[at] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xFF, 2 => 0x7F, _ => random.Next(256) });
                        break;
                    case 2:
                        byte[] value = new byte[8];
                        BinaryPrimitives.WriteInt64LittleEndian(value, Extremes[random.Next(Extremes.Length)]);
                        for (int i = 0; i < (random.Next(2) == 0 ? 4 : 8) && at + i < bytes.Count; i++) bytes[at + i] = value[i];
                        break;
                    case 3:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case 4:
                        bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 16)).Select(_ => (byte)random.Next(256)));
                        break;
                    case 5:
                        bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                        break;
                    default:
                        int length = Math.Min(bytes.Count - at, random.Next(1, 64));
                        bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                        break;
                }
            }
            return bytes.ToArray();
        }

        /// <summary>A mutation that keeps the format's outer checks satisfied, so that it reaches the parser behind them.</summary>
        private static byte[] MutateStructure(Random random, string path, byte[] original) => Path.GetExtension(path) switch
        {
            ".pt" => MutatePickleOrEntries(random, original),
            ".safetensors" => MutateHeader(random, original),
            _ => Rehashed(Mutate(random, original)),
        };

        /// <summary>Mutates the pickle (or renames, drops or adds an entry) and rebuilds the archive with correct CRCs.</summary>
        private static byte[] MutatePickleOrEntries(Random random, byte[] original)
        {
            List<(string Name, byte[] Data)> entries;
            using (var zip = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read))
                entries = zip.Entries.Select(e => (e.FullName, Read(e))).ToList();
            int pickle = entries.FindIndex(e => e.Name.EndsWith("data.pkl", StringComparison.Ordinal));
            switch (random.Next(6))
            {
                case 0:
                    int at = random.Next(entries.Count);
                    entries[at] = (Mutate(random, Encoding.UTF8.GetBytes(entries[at].Name)) is var name ? Encoding.UTF8.GetString(name) : "", entries[at].Data);
                    break;
                case 1:
                    entries.RemoveAt(random.Next(entries.Count));
                    break;
                case 2:
                    var copy = entries[random.Next(entries.Count)];
                    entries.Insert(random.Next(entries.Count + 1), (random.Next(2) == 0 ? copy.Name : copy.Name + "x", Mutate(random, copy.Data)));
                    break;
                default:
                    entries[pickle] = (entries[pickle].Name, Mutate(random, entries[pickle].Data));
                    break;
            }
            return HostileFiles.Zip(entries.Where(e => e.Name.Length > 0));
        }

        /// <summary>Replaces numbers, names or types in a safetensors header by others, keeping its length field right.</summary>
        private static byte[] MutateHeader(Random random, byte[] original)
        {
            int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(original);
            string header = Encoding.UTF8.GetString(original, 8, length);
            var numbers = System.Text.RegularExpressions.Regex.Matches(header, @"-?\d+|""[A-Z0-9]+""|""[a-z_.0-9]+""").ToList();
            var mutated = new StringBuilder(header);
            foreach (var match in numbers.Where(_ => random.Next(8) == 0).Reverse())
            {
                string replacement = match.Value[0] == '"'
                    ? new[] { "\"F64\"", "\"U8\"", "\"BOOL\"", "\"X\"", "\"dense.bias\"", "\"data_offsets\"", "\"\"" }[random.Next(7)]
                    : Extremes[random.Next(Extremes.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture) + (random.Next(4) == 0 ? ".5" : "");
                mutated.Remove(match.Index, match.Length).Insert(match.Index, replacement);
            }
            byte[] json = Encoding.UTF8.GetBytes(mutated.ToString());
            var bytes = new byte[8 + json.Length + (original.Length - 8 - length)];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
            json.CopyTo(bytes, 8);
            original.AsSpan(8 + length).CopyTo(bytes.AsSpan(8 + json.Length));
            return bytes;
        }

        /// <summary>An Rnn weights file with its trailing SHA-256 recomputed, so that changes to its header reach the parser.</summary>
        private static byte[] Rehashed(byte[] bytes)
        {
            if (bytes.Length < 32) return bytes;
            SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).CopyTo(bytes, bytes.Length - 32);
            return bytes;
        }

        private static byte[] Read(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }

        private static long WeightBytes(RnnModel model)
        {
            using var scope = NewDisposeScope();
            return model.state_dict().Values.Sum(t => t.numel() * t.ElementSize);
        }
    }
}
