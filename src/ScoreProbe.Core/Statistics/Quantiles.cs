using MathNet.Numerics.Distributions;

namespace ScoreProbe.Core.Statistics;

/// <summary>Inverse CDFs of the standard normal and Student's t (Math.NET), named for readability at call sites.</summary>
public static class Quantiles
{
    public static double Normal(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0.0, 1.0, p);

    public static double StudentT(double p, double degreesOfFreedom) => MathNet.Numerics.Distributions.StudentT.InvCDF(0.0, 1.0, degreesOfFreedom, p);
}
