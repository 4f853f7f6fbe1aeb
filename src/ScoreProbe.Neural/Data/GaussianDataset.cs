using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>Samples of <c>N(mu, C)</c> in d dimensions, drawn as <c>mu + L z</c> with <c>C = L L^T</c> (Cholesky).</summary>
public sealed class GaussianDataset : IDataset
{
    private readonly float[] _mean;
    private readonly float[] _choleskyTransposed;

    public GaussianDataset(Vector<double> mean, Matrix<double> covariance, string? name = null)
    {
        if (covariance.RowCount != mean.Count || covariance.ColumnCount != mean.Count)
            throw new InvalidConfigurationException("covariance", $"must be {mean.Count}x{mean.Count} like the mean (got {covariance.RowCount}x{covariance.ColumnCount})");
        Guard.AllFinite("mean", mean.AsArray() ?? mean.ToArray());
        Guard.AllFinite("covariance", covariance.AsColumnMajorArray() ?? covariance.ToColumnMajorArray());
        Mean = mean;
        Covariance = covariance;
        Matrix<double> lower;
        try { lower = covariance.Cholesky().Factor; }
        catch (ArgumentException e) { throw new InvalidConfigurationException("covariance", "must be symmetric positive definite (its Cholesky factorisation fails)", e); }
        _mean = mean.Select(v => (float)v).ToArray();
        _choleskyTransposed = lower.Transpose().ToRowMajorArray().Select(v => (float)v).ToArray();
        Name = name ?? $"gaussian{mean.Count}";
    }

    /// <summary>The mean <c>mu</c>.</summary>
    public Vector<double> Mean { get; }

    /// <summary>The covariance <c>C</c>.</summary>
    public Matrix<double> Covariance { get; }

    public string Name { get; }

    public long[] SampleShape => [_mean.Length];

    public Tensor Sample(int batchSize, Generator generator)
    {
        NativeLoader.EnsureLoaded();
        var d = _mean.Length;
        using var z = randn([batchSize, d], generator: generator);
        using var lt = tensor(_choleskyTransposed).reshape(d, d);
        using var mu = tensor(_mean);
        return z.matmul(lt).add_(mu);
    }
}
