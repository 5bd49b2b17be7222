using System;
using System.Linq;
using Microsoft.ML.OnnxRuntime;

/// <summary>An ONNX classifier with one float32 input [batch, 28, 28] and one output [batch, classes].</summary>
internal sealed class OnnxClassifier : IDisposable
{
    private const int BatchSize = 256, Pixels = 28 * 28;
    private readonly InferenceSession _session;
    private readonly string _input, _output;

    /// <summary>Opens the ONNX file at <paramref name="path"/>.</summary>
    public OnnxClassifier(string path)
    {
        _session = new InferenceSession(path);
        _input = _session.InputMetadata.Keys.Single();
        _output = _session.OutputMetadata.Keys.Single();
    }

    /// <summary>The predicted class (the index of the largest output, the first on a tie) of each of the
    /// <paramref name="count"/> images in <paramref name="images"/> (row-major [count, 28, 28]).</summary>
    public int[] Predict(float[] images, int count)
    {
        var predictions = new int[count];
        using var options = new RunOptions();
        for (int start = 0; start < count; start += BatchSize)
        {
            int batch = Math.Min(BatchSize, count - start);
            var slice = images.AsSpan(start * Pixels, batch * Pixels).ToArray();
            using var value = OrtValue.CreateTensorValueFromMemory(slice, new long[] { batch, 28, 28 });
            using var outputs = _session.Run(options, new[] { _input }, new[] { value }, new[] { _output });
            var scores = outputs[0].GetTensorDataAsSpan<float>();
            int classes = scores.Length / batch;
            for (int b = 0; b < batch; b++) predictions[start + b] = ArgMax(scores.Slice(b * classes, classes));
        }
        return predictions;
    }

    private static int ArgMax(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best]) best = i;
        return best;
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();
}
