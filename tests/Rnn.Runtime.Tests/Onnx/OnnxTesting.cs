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
            using var value = ToOrt(input);
            using var options = new RunOptions();
            using var outputs = session.Run(options, new[] { "input" }, new[] { value }, new[] { "output" });
            return FromOrt(outputs[0]);
        }

        /// <summary>
        /// The state inputs a stateful export must declare for <paramref name="model"/>, in order: <c>state.&lt;layer&gt;.h</c>,
        /// and <c>state.&lt;layer&gt;.c</c> after it for an LSTM, for each recurrent layer.
        /// </summary>
        public static string[] StateNames(RnnModel model) =>
            model.LayerModules.OfType<RecurrentLayer>()
                .SelectMany(layer => layer is Lstm ? new[] { "h", "c" } : new[] { "h" }, (layer, part) => "state." + layer.GetName() + "." + part)
                .ToArray();

        /// <summary>
        /// Runs a stateful graph: <c>input</c> and the tensors of <paramref name="state"/> as the inputs
        /// <paramref name="stateNames"/>; returns <c>output</c> and the outputs <c>final_&lt;name&gt;</c>, in the same order.
        /// </summary>
        public static (Tensor Output, Tensor[] State) Run(InferenceSession session, Tensor input, IReadOnlyList<string> stateNames, IReadOnlyList<Tensor> state)
        {
            var values = new List<OrtValue> { ToOrt(input) };
            try
            {
                values.AddRange(state.Select(ToOrt));
                using var options = new RunOptions();
                var outputNames = new[] { "output" }.Concat(stateNames.Select(name => "final_" + name)).ToArray();
                using var outputs = session.Run(options, new[] { "input" }.Concat(stateNames).ToArray(), values, outputNames);
                return (FromOrt(outputs[0]), outputs.Skip(1).Select(FromOrt).ToArray());
            }
            finally
            {
                foreach (var value in values) value.Dispose();
            }
        }

        /// <summary>
        /// Runs <paramref name="session"/> on the named inputs and returns every output by name (float32 outputs only).
        /// </summary>
        public static Dictionary<string, Tensor> Run(InferenceSession session, IReadOnlyList<(string Name, Tensor Value)> inputs)
        {
            var values = inputs.Select(input => ToOrt(input.Value)).ToList();
            try
            {
                using var options = new RunOptions();
                var outputNames = session.OutputNames.ToArray();
                using var outputs = session.Run(options, inputs.Select(input => input.Name).ToArray(), values, outputNames);
                return outputNames.Zip(outputs, (name, value) => (name, value)).ToDictionary(p => p.name, p => FromOrt(p.value), StringComparer.Ordinal);
            }
            finally
            {
                foreach (var value in values) value.Dispose();
            }
        }

        /// <summary>A float32, int64 or bool tensor as an ONNX Runtime value (a copy).</summary>
        private static OrtValue ToOrt(Tensor tensor)
        {
            using var host = tensor.detach().cpu().contiguous();
            return host.dtype switch
            {
                ScalarType.Int64 => OrtValue.CreateTensorValueFromMemory(host.data<long>().ToArray(), host.shape),
                ScalarType.Bool => OrtValue.CreateTensorValueFromMemory(host.data<bool>().ToArray(), host.shape),
                _ => OrtValue.CreateTensorValueFromMemory(host.data<float>().ToArray(), host.shape),
            };
        }

        /// <summary>A float32 ONNX Runtime value as a tensor (a copy).</summary>
        private static Tensor FromOrt(OrtValue value) =>
            tensor(value.GetTensorDataAsSpan<float>().ToArray(), value.GetTensorTypeAndShape().Shape);

        /// <summary>Runs the ONNX file at <paramref name="path"/> once.</summary>
        public static Tensor Run(string path, Tensor input)
        {
            using var session = new InferenceSession(path);
            return Run(session, input);
        }

        /// <summary>Runs the stateful ONNX file at <paramref name="path"/> once.</summary>
        public static (Tensor Output, Tensor[] State) Run(string path, Tensor input, IReadOnlyList<string> stateNames, IReadOnlyList<Tensor> state)
        {
            using var session = new InferenceSession(path);
            return Run(session, input, stateNames, state);
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
