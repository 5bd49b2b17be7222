using static TorchSharp.torch;

namespace Rnn
{
    public abstract partial class RnnModel
    {
        /// <summary>
        /// Where the model's weights are, and so where <see cref="O:Rnn.RnnModel.Fit"/>, <see cref="Evaluate"/> and
        /// <see cref="Predict"/> run: <see cref="Rnn.ComputeDevice.Cpu"/> (where every model is created) or a CUDA device,
        /// never <see cref="Rnn.ComputeDevice.Auto"/>. Move the model with
        /// <see cref="ComputeDeviceExtensions.To{T}(T, Rnn.ComputeDevice)"/>.
        /// </summary>
        public ComputeDevice ComputeDevice => ComputeDevice.Of(WeightsDevice());

        /// <summary>TorchSharp's device of the weights (of the first parameter; the CPU for a model without any).</summary>
        internal Device WeightsDevice()
        {
            foreach (var parameter in parameters()) return parameter.device;
            return CPU;
        }

        /// <summary>
        /// After TorchSharp moved or converted the weights (<c>to</c>, <c>cuda</c>, <c>cpu</c>, a dtype), the optimizer
        /// is rebuilt on the moved parameters with its state (Adam's moments, the step count, the learning rate) copied
        /// over, so that training goes on as if nothing had moved: TorchSharp may replace the parameter objects, and
        /// never moves an optimizer's state.
        /// </summary>
        protected override void _toEpilog(ScalarType? dtype, Device? device, bool non_blocking)
        {
            base._toEpilog(dtype, device, non_blocking);
            _trainingSetup?.RebuildOptimizer(this);
        }
    }
}
