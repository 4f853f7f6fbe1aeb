using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// A noise predictor that is affine in x at each timestep: <c>eps(x, i) = x G_i - c_i</c> (row vectors, <c>G_i</c> d x d,
/// <c>c_i</c> of length d), with no trainable parameters. The coefficients are given in double precision and applied in
/// <c>precision</c>; the output has the input's dtype. The Gaussian test networks (exact score plus a known error) are its
/// configurations.
/// </summary>
public abstract class AffineNoisePredictor : NoisePredictor
{
    private readonly int _dim;
    private readonly ScalarType _precision;
    private readonly Tensor _gain;
    private readonly Tensor _offset;

    /// <param name="name">Module name.</param>
    /// <param name="dim">d.</param>
    /// <param name="coefficients"><c>G_i</c> row-major, timestep after timestep, and <c>c_i</c>, timestep after timestep.</param>
    /// <param name="precision">The dtype the map is evaluated in.</param>
    protected AffineNoisePredictor(string name, int dim, (double[] Gains, double[] Offsets) coefficients, ScalarType precision) : base(name)
    {
        var steps = coefficients.Offsets.Length / dim;
        (_dim, _precision) = (dim, precision);
        _gain = tensor(coefficients.Gains, ScalarType.Float64).reshape(steps, dim, dim).to(precision);
        _offset = tensor(coefficients.Offsets, ScalarType.Float64).reshape(steps, dim).to(precision);
    }

    public override IEnumerable<Tensor> OutputParameters() => [];

    /// <summary>The coefficients the network applies at <paramref name="timestep"/>: <c>eps(x) = Gain^T x - Offset</c>.</summary>
    public (Matrix<double> Gain, Vector<double> Offset) Affine(int timestep)
    {
        using var gain = _gain[timestep].to(ScalarType.Float64);
        using var offset = _offset[timestep].to(ScalarType.Float64);
        return (Matrix<double>.Build.DenseOfRowMajor(_dim, _dim, gain.data<double>().ToArray()), Vector<double>.Build.DenseOfArray(offset.data<double>().ToArray()));
    }

    public override Tensor forward(Tensor x, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var index = timesteps.to(ScalarType.Int64);
        var eps = x.to(_precision).unsqueeze(1).bmm(_gain.index_select(0, index)).squeeze(1) - _offset.index_select(0, index);
        return eps.to(x.dtype).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gain.Dispose();
            _offset.Dispose();
        }
        base.Dispose(disposing);
    }
}
