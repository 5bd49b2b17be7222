using System;
using Rnn;
using TorchSharp;

// The seed model of the Keras MNIST tutorial: each 28x28 image is read as 28 time steps of 28 features.
var model = new MnistRnn(seed: 42);
Console.WriteLine(model.Summary());

using var images = torch.rand(new long[] { 4, 28, 28 });   // a random batch of 4 "images"
using var logits = model.Forward(images);                   // [4, 28, 28] -> [4, 10]
Console.WriteLine($"Forward: [{string.Join(", ", images.shape)}] -> [{string.Join(", ", logits.shape)}]");
Console.WriteLine($"Predicted classes: {string.Join(", ", logits.argmax(1).data<long>().ToArray())}");

[Input(28, 28)]                    // 28 timesteps of 28 features (one MNIST row per step)
[SimpleRnn(128, Activation.Relu)]
[Dense(10)]                        // logits
public partial class MnistRnn { }
