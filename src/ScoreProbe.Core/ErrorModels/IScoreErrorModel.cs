using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// A zero-mean Gaussian score-error process <c>(Delta_n, delta_n)</c> over the evaluation times, as an operator
/// (paper 000 eq. (13)–(17)): it never forms the m^2 d^4 covariance, but it can list independent unit-variance directions
/// <c>w_j</c> with <c>Z = sum_j xi_j w_j</c> (what the kernel contracts against) and draw samples (what Monte Carlo needs).
/// </summary>
public interface IScoreErrorModel
{
    string Name { get; }
    int Dimension { get; }

    /// <summary>Number of evaluation times the process covers.</summary>
    int Times { get; }

    /// <summary><c>E||Delta_n||_F^2 + E||delta_n||^2</c> (eq. (14)).</summary>
    double MarginalMagnitude(int n);

    /// <summary>The same marginal covariance at every time with all cross-time covariances removed.</summary>
    IScoreErrorModel DiagonalInTime();

    /// <summary>Independent unit-variance directions in the eigenbasis Q of C: each maps an evaluation time to its part (null: none).</summary>
    IEnumerable<Func<int, SpatialDirection?>> Perturbations(Matrix<double> q);

    /// <summary>A sampler of whole error trajectories in the eigenbasis Q of C.</summary>
    Func<Random, ErrorDraw> Sampler(Matrix<double> q);
}
