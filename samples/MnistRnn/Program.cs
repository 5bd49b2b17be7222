using System;
using MnistSample;
using Rnn.Samples;

// The Keras tutorial "RNN on MNIST" in C#: each 28x28 image is read as 28 time steps of 28 features.
// Usage: dotnet run -c Release --project samples/MnistRnn -- [--model rnn|lstm|gru|stacked] [--epochs N] [--seed N] ...
//        (--help lists every option)
return SampleMain.Run(args, MnistOptions.Parse, MnistOptions.Usage, options => MnistRun.Run(options, Console.Out));
