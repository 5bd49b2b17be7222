using Rnn;

namespace ForecastSample
{
    /// <summary>
    /// The forecaster: 52 weekly steps of one value (the window, anchored to its last value) in, the next step's change
    /// out. Longer horizons are forecast step by step, feeding each prediction back into the window.
    /// </summary>
    [Input(52, 1)]
    [Gru(32)]
    [Dense(1)]
    public partial class SeriesGru { }
}
