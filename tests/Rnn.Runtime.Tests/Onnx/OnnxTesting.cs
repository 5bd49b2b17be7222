using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Rnn.Modules;
using Rnn.Runtime.Tests.LayerModules;
using Xunit;
using static TorchSharp.torch;

namespace Rnn.Runtime.Tests.Onnx
{
    /// <summary>A model assembled in a test from layer modules, exactly as a generated model holds them.</summary>
    internal sealed class ModuleModel : LayerStack
    {
        public ModuleModel(string name, Shape input, IEnumerable<Layer> layers) : base(name, input)
        {
            foreach (var layer in layers) Add(layer);
        }
    }

    /// <summary>ONNX Runtime, the ONNX checker and temporary folders for the export tests.</summary>
    internal static class OnnxTesting
    {
        /// <summary>A fresh folder under the system temp folder; the caller deletes it.</summary>
        public static string TempFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "rnn-onnx-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }

        /// <summary>Runs <paramref name="session"/> (input <c>input</c>, output <c>output</c>) on a float32 or int64 tensor.</summary>
        public static Tensor Run(InferenceSession session, Tensor input)
        {
            using var host = input.cpu().contiguous();
            using var value = host.dtype == ScalarType.Int64
                ? OrtValue.CreateTensorValueFromMemory(host.data<long>().ToArray(), host.shape)
                : OrtValue.CreateTensorValueFromMemory(host.data<float>().ToArray(), host.shape);
            using var options = new RunOptions();
            using var outputs = session.Run(options, new[] { "input" }, new[] { value }, new[] { "output" });
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            return tensor(outputs[0].GetTensorDataAsSpan<float>().ToArray(), shape);
        }

        /// <summary>Runs the ONNX file at <paramref name="path"/> once.</summary>
        public static Tensor Run(string path, Tensor input)
        {
            using var session = new InferenceSession(path);
            return Run(session, input);
        }

        /// <summary>The model's own output in evaluation mode, detached.</summary>
        /// <remarks>
        /// Not under <c>no_grad</c>: on this machine's CPU (AVX-512 BF16), libtorch 2.10's LSTM gives different results
        /// without gradients (up to 0.19 on a 3-unit LSTM) from both the LSTM equations and its own result with gradients.
        /// ONNX Runtime agrees with the equations (see <see cref="OnnxGateOrderTests"/>).
        /// </remarks>
        public static Tensor Forward(RnnModel model, Tensor input)
        {
            model.eval();
            return model.Forward(input).detach(); // the caller's dispose scope frees both
        }

        /// <summary>
        /// Runs <c>onnx.checker.check_model(onnx.load(p), full_check=True)</c> from Debian's python3-onnx on every file in
        /// one process. Missing python3-onnx is a failure, never a skip.
        /// </summary>
        /// <returns>The checker's exit code and its output.</returns>
        public static (int ExitCode, string Output) Check(IReadOnlyList<string> paths)
        {
            const string python = "/usr/bin/python3";
            Assert.True(File.Exists(python), $"{python} is missing: install python3-onnx (apt-get install -y python3-onnx).");
            var start = new ProcessStartInfo(python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(
                "import sys, onnx\n" +
                "for p in sys.argv[1:]:\n" +
                "    onnx.checker.check_model(onnx.load(p), full_check=True)\n" +
                "print('checked', len(sys.argv) - 1)\n");
            foreach (var path in paths) start.ArgumentList.Add(path);
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + error.Result);
        }
    }
}
