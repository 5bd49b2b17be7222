using System.IO;
using System.Linq;
using Rnn.Data;

namespace Rnn.Samples
{
    /// <summary>Where a sample's default data lies: the files shipped in this repository's <c>samples/data</c>.</summary>
    internal static class SampleData
    {
        /// <summary>
        /// The path of a file or folder under <c>samples/data</c>, for an option's default: found by walking up from the
        /// app (<see cref="Mnist.FindSampleDirectory"/>), else, for an app published outside the repository, under the
        /// working folder. It is only a path: a run given its data by an option never reads it, and a run that needs a
        /// missing default fails on that path with the sample's one-line error.
        /// </summary>
        public static string Default(params string[] parts)
        {
            string directory;
            try
            {
                directory = Mnist.FindSampleDirectory();
            }
            catch (DirectoryNotFoundException)
            {
                directory = Path.Combine("samples", "data");
            }
            return Path.Combine(parts.Prepend(directory).ToArray());
        }
    }
}
