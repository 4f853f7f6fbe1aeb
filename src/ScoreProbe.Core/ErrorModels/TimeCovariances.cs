using ScoreProbe.Core.Validation;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>The time-correlation models of paper 000 §8 and §7, all with unit marginal variance unless stated.</summary>
public static class TimeCovariances
{
    /// <summary>Independent in time: <c>k(a, b) = 1{a = b}</c>.</summary>
    public static TimeCovariance Independent(int m) => Markov("independent", m, 0.0);

    /// <summary>Fully shared in time: <c>k(a, b) = 1</c>.</summary>
    public static TimeCovariance Shared(int m) => Markov("shared", m, 1.0);

    /// <summary>AR(1) band correlation <c>k(a, b) = rho^|a-b|</c> (§8), rho in [-1, 1].</summary>
    public static TimeCovariance Ar1(int m, double rho)
    {
        Guard.InRange("rho", rho, -1, 1);
        return Markov($"ar1(rho={rho:G4})", m, rho);
    }

    /// <summary>Ornstein–Uhlenbeck in continuous time: <c>k(s, s') = exp(-|s - s'|/ell)</c> at the given evaluation times.</summary>
    public static TimeCovariance OrnsteinUhlenbeck(IReadOnlyList<double> times, double lengthScale)
    {
        if (!(lengthScale > 0)) throw new InvalidConfigurationException($"correlation length must be > 0 (got {lengthScale})");
        var phi = times.Select((t, n) => n == 0 ? 0.0 : Math.Exp(-Math.Abs(t - times[n - 1]) / lengthScale)).ToArray();
        return new TimeCovariance($"ou(ell={lengthScale:G4})", [new StateSpaceComponent(phi, Ones(times.Count))]);
    }

    /// <summary>Banded: triangular taper <c>k(a, b) = max(0, 1 - |a-b|/(w+1))</c>, PSD for every bandwidth w &gt;= 0.</summary>
    public static TimeCovariance Banded(int m, int bandwidth)
    {
        if (bandwidth < 0) throw new InvalidConfigurationException($"bandwidth must be >= 0 (got {bandwidth})");
        var k = Matrix<double>.Build.Dense(m, m, (a, b) => Math.Max(0.0, 1 - Math.Abs(a - b) / (bandwidth + 1.0)));
        return FromDense($"banded(w={bandwidth})", k);
    }

    /// <summary>Low rank in time: <c>k(a, b) = sum_l f_l(a) f_l(b)</c> for the given temporal modes.</summary>
    public static TimeCovariance LowRank(IReadOnlyList<double[]> modes)
    {
        var m = modes[0].Length;
        return new TimeCovariance($"lowrank(r={modes.Count})", modes.Select(f => new StateSpaceComponent(Ones(m), f.ToArray())).ToArray());
    }

    /// <summary>Any PSD matrix (e.g. an estimate): its eigen-decomposition becomes rank-one components.</summary>
    public static TimeCovariance FromDense(string name, Matrix<double> k)
    {
        var evd = SymmetricEigen.Of(k);
        var values = evd.Values;
        var tolerance = 1e-10 * Math.Max(values.AbsoluteMaximum(), 1e-300);
        if (values.Minimum() < -tolerance)
            throw new InvalidConfigurationException($"time covariance '{name}' is not positive semidefinite (eigenvalue {values.Minimum():G4}); project it onto the PSD cone first");
        var modes = new List<double[]>();
        // Smallest eigenvalue first: the order the components have always been drawn in, so seeded draws stay as they were.
        for (var l = values.Count - 1; l >= 0; l--)
            if (values[l] > tolerance) modes.Add((evd.Vectors.Column(l) * Math.Sqrt(values[l])).ToArray());
        return new TimeCovariance(name, modes.Select(f => new StateSpaceComponent(Ones(k.RowCount), f)).ToArray());
    }

    private static TimeCovariance Markov(string name, int m, double phi)
    {
        if (m < 1) throw new InvalidConfigurationException($"a time covariance needs at least one time (got {m})");
        return new TimeCovariance(name, [new StateSpaceComponent(Enumerable.Repeat(phi, m).ToArray(), Ones(m))]);
    }

    private static double[] Ones(int m) => Enumerable.Repeat(1.0, m).ToArray();
}
