using System;
using System.Globalization;

namespace Rnn.Generators.Layers
{
    /// <summary>Checks several layer kinds share.</summary>
    internal static class Checks
    {
        /// <summary>RNN0013 on the activation argument when the value names no <see cref="Activation"/>; true when it does.</summary>
        public static bool ActivationIsDefined(ShapeContext context, Activation activation)
        {
            if (Enum.IsDefined(typeof(Activation), activation)) return true;
            context.Report(DiagnosticDescriptors.UndefinedActivation, "activation", "(Activation)" + ((int)activation).ToString(CultureInfo.InvariantCulture));
            return false;
        }
    }
}
