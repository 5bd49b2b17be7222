using Rnn;

namespace ForecastSample
{
    /// <summary>
    /// The forecaster: a window of any length (<c>--window</c>, 52 weekly steps by default) of one value, anchored to
    /// its last value, in; the next step's change out. Longer horizons are forecast step by step, feeding each
    /// prediction back into the window.
    /// </summary>
    [Input(Dim.Variable, 1)]
    [Gru(32)]
    [Dense(1)]
    public partial class SeriesGru { }
}
