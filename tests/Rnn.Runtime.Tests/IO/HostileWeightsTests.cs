using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// Issue 19's hostile weights files, crafted in memory (<see cref="HostileFiles"/>): each is refused at once with an
    /// InvalidDataException or ArgumentException whose one-line message names the file and what is wrong, and the model
    /// keeps its weights. <see cref="HostileLoadBoundsTests"/> measures their time and memory in a child process.
    /// </summary>
    public sealed class HostileWeightsTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-hostile-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void A_pickle_of_millions_of_opcodes_is_refused_by_its_size_before_it_is_inflated()
        {
            string path = Write("opcodes.pt", HostileFiles.PickleBomb(64_000_000));

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' has a data.pkl of 64,000,006 bytes, more than the 8,388,608 of a state dict Rnn reads.", e.Message);
        }

        [Fact]
        public void A_pickle_that_creates_more_values_than_a_state_dict_needs_is_refused()
        {
            string path = Write("values.pt", HostileFiles.PickleBomb(7_000_000));

            var e = Refused<InvalidDataException>(path);

            Assert.StartsWith($"The weights file '{path}' is not a state dict Rnn can read: its data.pkl creates more than 1,000,000 values", e.Message);
        }

        [Fact]
        public void A_string_longer_than_the_pickle_is_refused_without_allocating_it()
        {
            string path = Write("string.pt", HostileFiles.Pt(e => HostileFiles.With(e, "archive/data.pkl", HostileFiles.HugeStringPickle())));

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' is not a state dict Rnn can read: its data.pkl needs 2,147,483,632 more bytes, but only 2 are left (at byte 4).", e.Message);
        }

        [Fact]
        public void A_decoy_entry_before_a_storage_is_refused_not_loaded()
        {
            string path = Write("decoy.pt", HostileFiles.Pt(HostileFiles.Decoy));

            var e = Refused<InvalidDataException>(path);

            Assert.StartsWith($"The weights file '{path}' has the zip entry 'archive/xdata/", e.Message);
            Assert.Contains("which PyTorch does not read", e.Message);
        }

        [Fact]
        public void Two_entries_of_one_name_are_refused()
        {
            string path = Write("twice.pt", HostileFiles.Pt(entries =>
            {
                var last = entries.Last(e => e.Name.StartsWith("archive/data/", StringComparison.Ordinal));
                return entries.Prepend((last.Name, new byte[last.Data.Length]));
            }));

            var e = Refused<InvalidDataException>(path);

            Assert.Matches(@"^The weights file '.*' has two zip entries named 'archive/data/\d+'; PyTorch reads one of them, and Rnn cannot tell which\.$", e.Message);
        }

        [Fact]
        public void An_entry_outside_the_archives_folder_is_refused_as_PyTorch_refuses_it()
        {
            string path = Write("outside.pt", HostileFiles.Pt(entries => entries.Append(("other/data/0", new byte[4]))));

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' has the zip entry 'other/data/0' outside its folder 'archive/', which PyTorch refuses.", e.Message);
        }

        [Fact]
        public void A_storage_no_tensor_uses_is_refused()
        {
            string path = Write("unused.pt", HostileFiles.Pt(entries => entries.Append(("archive/data/99", new byte[4]))));

            var e = Refused<InvalidDataException>(path);

            Assert.StartsWith($"The weights file '{path}' has the zip entry 'archive/data/99', which PyTorch does not read", e.Message);
        }

        [Theory]
        [InlineData(1000L)] // on main: libtorch's multi-line native stack trace in the message
        [InlineData(1L << 40)]
        public void A_bad_stride_is_refused_in_one_line_before_libtorch_sees_it(long stride)
        {
            string path = Write("stride.pt", HostileFiles.Pt(e => HostileFiles.With(e, "archive/data.pkl", HostileFiles.BadStridePickle(stride))));

            var e = Refused<InvalidDataException>(path);

            Assert.StartsWith($"The weights file '{path}' is not a state dict Rnn can read: its data.pkl has a tensor of size [8, 28], stride [{stride}, {stride}] " +
                "and offset 0 that reaches beyond the 224 elements of its storage '0' (at byte ", e.Message);
        }

        [Fact]
        public void A_deflated_storage_larger_than_the_model_is_refused_before_it_is_inflated()
        {
            string path = Write("inflation.pt", HostileFiles.InflationBomb(300_000_000));

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' has tensor storages of more than the 67,110,440 bytes a weights file of this model may have (its weights take 1,576): " +
                "300,000,000 bytes up to zip entry 'archive/data/0'.", e.Message);
        }

        [Theory]
        [InlineData("weights")]
        [InlineData("safetensors")]
        [InlineData("pt")]
        public void A_file_larger_than_the_models_weights_could_take_is_refused_before_it_is_read(string extension)
        {
            string path = Path.Combine(_dir, "large." + extension);
            using (var file = File.Create(path)) file.SetLength(1L << 30); // sparse: 1 GB that takes no disk

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' has 1,073,741,824 bytes, more than the 67,110,440 bytes a weights file of this model may have (its weights take 1,576).", e.Message);
        }

        [Fact]
        public void A_safetensors_shape_whose_byte_size_wraps_around_is_refused_in_the_header()
        {
            string path = Write("overflow.safetensors", HostileFiles.OverflowSafetensors());

            var e = Refused<InvalidDataException>(path);

            Assert.Equal($"The weights file '{path}' is not a safetensors file, or its header is corrupt: tensor 'dense.bias' is [4611686018427387907] Float32, whose size in bytes does not fit 64 bits.", e.Message);
        }

        [Theory]
        [InlineData("pt")]
        [InlineData("safetensors")]
        [InlineData("weights")]
        public void A_named_pipe_is_refused_at_once_not_waited_on(string extension)
        {
            string path = Path.Combine(_dir, "pipe." + extension);
            HostileFiles.MakeFifo(path);

            var e = Refused<ArgumentException>(path);

            Assert.Equal($"The weights file '{path}' is a named pipe (FIFO), not a regular file; give the path of a file. (Parameter 'path')", e.Message);
        }

        [Theory]
        [InlineData("pt", "/dev/zero")]
        [InlineData("safetensors", "/dev/zero")]
        [InlineData("weights", "/dev/zero")]
        [InlineData("pt", "/dev/urandom")]
        [InlineData("weights", "/dev/urandom")]
        public void A_link_to_a_device_is_refused_before_a_byte_is_read(string extension, string device)
        {
            string path = Path.Combine(_dir, "device." + extension);
            File.CreateSymbolicLink(path, device);

            var e = Refused<ArgumentException>(path);

            Assert.Equal($"The weights file '{path}' links to '{device}', which is a character device, not a regular file; give the path of a file. (Parameter 'path')", e.Message);
        }

        [Theory]
        [InlineData("pt")]
        [InlineData("weights")]
        public void A_folder_is_called_a_folder(string extension)
        {
            string path = Path.Combine(_dir, "folder." + extension);
            Directory.CreateDirectory(path);

            var e = Refused<ArgumentException>(path);

            Assert.Equal($"The weights file '{path}' is a folder, not a regular file; give the path of a file. (Parameter 'path')", e.Message);
        }

        [Fact]
        public void The_files_Rnn_writes_still_load()
        {
            using var source = HostileFiles.Model(seed: 3);
            foreach (string name in new[] { "model.pt", "model.safetensors", "model.weights" })
            {
                string path = Path.Combine(_dir, name);
                source.SaveWeights(path);
                using var target = HostileFiles.Model(seed: 4);
                target.LoadWeights(path);
                using var scope = NewDisposeScope();
                foreach (var (key, tensor) in target.state_dict())
                    Assert.True(tensor.eq(source.state_dict()[key]).all().item<bool>(), $"{name}: {key} differs");
            }
            string crafted = Write("crafted.pt", HostileFiles.Pt());
            using var model = HostileFiles.Model(seed: 5);
            model.LoadWeights(crafted); // the crafted files differ from a good one only where each test says
        }

        private string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>
        /// Loading <paramref name="path"/> throws <typeparamref name="T"/> within <see cref="Patience"/> (a hang fails the
        /// test instead of blocking it), with a one-line message, and leaves the model's weights as they were.
        /// </summary>
        private static T Refused<T>(string path) where T : Exception
        {
            using var model = HostileFiles.Model(seed: 2);
            using var scope = NewDisposeScope();
            var before = model.state_dict().ToDictionary(e => e.Key, e => e.Value.detach().clone());
            var load = Task.Run(() => model.LoadWeights(path));
            if (!((IAsyncResult)load).AsyncWaitHandle.WaitOne(Patience))
            {
                ReleaseReader(path);
                throw new TimeoutException($"LoadWeights('{path}') did not return within {Patience.TotalSeconds} s");
            }
            var e = Assert.IsAssignableFrom<T>(load.Exception?.InnerException ?? throw new Xunit.Sdk.XunitException($"LoadWeights('{path}') succeeded"));
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains($"'{path}'", e.Message);
            foreach (var (name, tensor) in model.state_dict())
                Assert.True(tensor.eq(before[name]).all().item<bool>(), $"{name} changed although the load failed");
            return (T)e;
        }

        /// <summary>Opens <paramref name="path"/> for writing and closes it: a reader blocked on a named pipe gets its end.</summary>
        private static void ReleaseReader(string path)
        {
            try
            {
                new FileStream(path, FileMode.Open, FileAccess.Write).Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a named pipe: nothing to release.
            }
        }
    }
}
