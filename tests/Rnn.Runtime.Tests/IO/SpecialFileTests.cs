using System;
using System.IO;
using System.Threading.Tasks;
using Rnn.Data;
using Rnn.IO;
using Rnn.Runtime.Tests.Training;
using Xunit;

namespace Rnn.Runtime.Tests.IO
{
    /// <summary>
    /// Issue 19: every reader opens regular files only. A named pipe blocked a read forever, a link to /dev/zero fed it
    /// gigabytes. Here each data and checkpoint reader meets a named pipe and refuses it at once, naming it.
    /// (The weights readers: <see cref="HostileWeightsTests"/>; CSV and text folders: their own tests.)
    /// </summary>
    public sealed class SpecialFileTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly string _dir = Directory.CreateTempSubdirectory("rnn-special-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public void An_IDX_file_that_is_a_named_pipe_is_refused() =>
            AssertPipeRefused("images.idx", "IDX file", path => IdxFile.Read(path));

        [Fact]
        public void A_vocabulary_file_that_is_a_named_pipe_is_refused() =>
            AssertPipeRefused("vocabulary.json", "vocabulary file", path => Vocabulary.Load(path));

        [Fact]
        public void A_training_checkpoint_that_is_a_named_pipe_is_refused_by_its_reader() =>
            AssertPipeRefused(BackupAndRestore.FileName, "training checkpoint", path => WeightsFile.Read(path, "training checkpoint"));

        [Fact]
        public void Fit_with_a_checkpoint_that_is_a_named_pipe_is_refused_before_training()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(8);
            using (x)
            using (y)
            {
                AssertPipeRefused(BackupAndRestore.FileName, null, path =>
                    model.Fit(x, y, epochs: 1, verbose: 0, callbacks: new Callback[] { new BackupAndRestore(Path.GetDirectoryName(path)!) }));
            }
        }

        [Fact]
        public void An_appending_CSV_log_that_is_a_named_pipe_is_refused()
        {
            using var model = new TestRnn(units: 4, seed: 1);
            var (x, y) = TestData.Random(8);
            using (x)
            using (y)
            {
                AssertPipeRefused("log.csv", "CSV log", path =>
                    model.Fit(x, y, epochs: 1, verbose: 0, callbacks: new Callback[] { new CSVLogger(path, append: true) }));
            }
        }

        /// <summary>
        /// <paramref name="read"/> of a named pipe called <paramref name="name"/> throws an ArgumentException within
        /// <see cref="Patience"/> that names the pipe (and, with <paramref name="noun"/>, calls it that).
        /// </summary>
        private void AssertPipeRefused(string name, string? noun, Action<string> read)
        {
            string path = Path.Combine(_dir, name);
            HostileFiles.MakeFifo(path);

            var task = Task.Run(() => read(path));

            if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(Patience))
            {
                new FileStream(path, FileMode.Open, FileAccess.Write).Dispose(); // releases the blocked reader
                throw new TimeoutException($"reading the named pipe '{path}' did not end within {Patience.TotalSeconds} s");
            }
            var e = Assert.IsAssignableFrom<ArgumentException>(task.Exception?.InnerException ?? throw new Xunit.Sdk.XunitException("the pipe was read"));
            Assert.Contains($"'{path}'", e.Message);
            Assert.Contains(noun is null ? "named pipe" : $"The {noun} '{path}' is a named pipe (FIFO), not a regular file", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
    }
}
