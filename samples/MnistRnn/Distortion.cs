namespace MnistSample
{
    /// <summary>
    /// The limits of the random affine distortions applied to digits: each image gets its own rotation, scale, shear and
    /// shift, each drawn uniformly from ± its limit. They mimic how handwriting varies, so a model trained on a few
    /// thousand digits sees a different variant of each digit in every epoch.
    /// </summary>
    /// <param name="RotationDegrees">The largest rotation, in degrees either way.</param>
    /// <param name="Scale">The largest relative change of size, e.g. 0.1 for 90% to 110%.</param>
    /// <param name="Shear">The largest horizontal shear, as a fraction of the height.</param>
    /// <param name="ShiftPixels">The largest shift, in pixels, along each axis.</param>
    public readonly record struct Distortion(double RotationDegrees, double Scale, double Shear, double ShiftPixels)
    {
        /// <summary>The distortions of the default run: ±10°, ±10% size, ±0.1 shear, ±2 pixels.</summary>
        public static Distortion Default { get; } = new(10, 0.1, 0.1, 2);
    }
}
