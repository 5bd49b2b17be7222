using System.Collections.Generic;

namespace Rnn.Runtime.Tests.LayerModules
{
    /// <summary>The state of a <see cref="LayerStack"/>: each recurrent layer's, in order, as a generated <c>State</c> holds them.</summary>
    internal sealed record LayerStackState(IReadOnlyList<RecurrentState> States) : ModelState
    {
        public override IReadOnlyList<RecurrentState> Layers => States;

        protected override ModelState WithLayers(IReadOnlyList<RecurrentState> layers) => new LayerStackState(layers);
    }
}
