using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Targets;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Tests.Kernel;

public class KernelEngineAgreementTests
{
    [Theory]
    [InlineData("em", "ar1", "vp-linear")]
    [InlineData("pf-euler", "shared", "vp-linear")]
    [InlineData("ddpm", "independent", "ddpm")]
    [InlineData("ddim", "ar1", "vp-cosine")]
    [InlineData("exp-integrator", "ar1", "ve")]
    [InlineData("pf-euler", "ou", "vp-cosine")] // phi_0 = 0, phi_n > 0 after: the cross moments restart at the first step
    [InlineData("ddim", "ou", "ddpm")]
    public void PerModeFastPathEqualsGeneralDirectionalPath(string sampler, string model, string schedule)
    {
        // A non-diagonal C and a non-zero mean exercise the rotation and the mean-Delta coupling.
        var rng = new Random(4);
        var a = Matrix<double>.Build.Dense(3, 3, (_, _) => rng.NextDouble() - 0.5);
        var target = new GaussianTarget(Vector<double>.Build.Dense([0.5, -1.0, 0.3]), a * a.Transpose() + 0.2 * Matrix<double>.Build.DenseIdentity(3));
        var problem = TestProblems.Build(sampler: sampler, steps: 15, schedule: schedule, target: target, tMin: 0.05);
        var errors = TestProblems.Errors(problem, model, rho: 0.7, eps: 0.2);
        int[] recorded = [0, 4, 11];
        var fast = KernelExpansion.Predict(problem, errors, recorded, KernelPath.Modes);
        var general = KernelExpansion.Predict(problem, errors, recorded, KernelPath.Directional);
        for (var r = 0; r < recorded.Length; r++)
        {
            var f = fast[r].Terms;
            var g = general[r].Terms;
            Assert.Equal(g.Shift, f.Shift, 1e-10 * Math.Abs(g.Shift) + 1e-15);
            Assert.Equal(g.MatrixMean, f.MatrixMean, 1e-10 * Math.Abs(g.MatrixMean) + 1e-15);
            Assert.Equal(g.MatrixCovariance, f.MatrixCovariance, 1e-10 * Math.Abs(g.MatrixCovariance) + 1e-15);
            Assert.Equal(g.MeanCorrection, f.MeanCorrection, 1e-9 * Math.Abs(g.MeanCorrection) + 1e-15);
            Assert.Equal(g.CovarianceCorrection, f.CovarianceCorrection, 1e-9 * Math.Abs(g.CovarianceCorrection) + 1e-15);
            Assert.Equal(general[r].QDiagonal, fast[r].QDiagonal, 1e-9 * general[r].QDiagonal);
            Assert.True(g.MatrixMean > 0, "the non-zero mean must couple Delta into the mean");
        }
    }

    [Fact]
    public void InteractionMatrixSumsToThePaperKernel()
    {
        var problem = TestProblems.Build(d: 2, steps: 8);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.6, eps: 0.2);
        var interaction = DirectionalKernelEngine.InteractionMatrix(problem, errors);
        var paper = KernelExpansion.Predict(problem, errors, [0])[0].Terms.Paper;
        Assert.Equal(paper, interaction.RowSums().Sum(), 1e-10 * paper);
        var diagonalOnly = KernelExpansion.Predict(problem, errors.WithTime(errors.Time.DiagonalPart()), [0])[0].Terms.Paper;
        Assert.Equal(diagonalOnly, interaction.Diagonal().Sum(), 1e-10 * paper);
    }
}
