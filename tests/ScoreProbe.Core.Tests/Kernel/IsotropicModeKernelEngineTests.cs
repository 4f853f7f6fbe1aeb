using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Kernel;

public class IsotropicModeKernelEngineTests
{
    /// <summary>
    /// Modes are partitioned into fixed groups and summed in mode order, so one thread and every available thread give the same
    /// bits (the engine's Parallel.For runs serially under an exclusive scheduler). d = 37 leaves a partial block and a vector tail.
    /// </summary>
    [Fact]
    public async Task Results_are_bit_identical_on_one_thread_and_on_all()
    {
        var problem = TestProblems.Build(d: 37, steps: 30);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.9, eps: 0.1);
        int[] recorded = [0, 7, 29];

        var parallel = IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded);
        var serialScheduler = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var serial = await Task.Factory.StartNew(() => IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded),
            CancellationToken.None, TaskCreationOptions.None, serialScheduler);

        Assert.Equal(parallel.Full, serial.Full);
        Assert.Equal(parallel.Diagonal, serial.Diagonal);
        Assert.True(serial.Full[0].Complete > 0);
    }

    /// <summary>
    /// The same bits on 1, 2 and 3 worker threads and on the default, at both lane widths. d = 131 spans three groups of modes
    /// (the last one partial, with an odd mode paired with itself) and ends in a partial tile; the recorded steps are not in time
    /// order, so the second-order cross moments are carried across several segments. OU errors restart the time process (phi = 0)
    /// at the first step; the target has a mean, so the mean trackers run too.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Results_are_bit_identical_for_any_thread_count(bool wide)
    {
        foreach (var model in new[] { "ar1", "ou" })
        {
            var problem = TestProblems.Build(d: 131, steps: 24, target: WithMean(131));
            var errors = TestProblems.Errors(problem, model, rho: 0.9, eps: 0.1);
            int[] recorded = [0, 11, 23, 5];

            var reference = IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded, new ParallelOptions { MaxDegreeOfParallelism = 1 }, wide);
            foreach (var threads in new[] { 2, 3, -1 })
            {
                var run = IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded, new ParallelOptions { MaxDegreeOfParallelism = threads }, wide);
                Assert.Equal(reference.Full, run.Full);
                Assert.Equal(reference.Diagonal, run.Diagonal);
            }
            Assert.True(reference.Full[0].MatrixMean > 0 && reference.Full[0].MatrixCovariance > 0 && reference.Full[0].CovarianceCorrection != 0);
        }
    }

    /// <summary>
    /// 512-bit lanes and System.Numerics.Vector's give the same trackers per coordinate; only the order of the sums
    /// over j differs, so every term agrees to a few units in the last place.
    /// </summary>
    [Fact]
    public void Both_lane_widths_agree_to_rounding()
    {
        var problem = TestProblems.Build(d: 37, steps: 30, target: WithMean(37));
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.9, eps: 0.1);
        int[] recorded = [0, 7, 29];

        var wide = IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded, new ParallelOptions(), wide: true);
        var native = IsotropicModeKernelEngine.ComputeWithDiagonal(problem, errors, recorded, new ParallelOptions(), wide: false);

        foreach (var (a, b) in wide.Full.Zip(native.Full).Concat(wide.Diagonal.Zip(native.Diagonal)))
        {
            double[] x = [a.Shift, a.MatrixMean, a.MatrixCovariance, a.MeanCorrection, a.CovarianceCorrection];
            double[] y = [b.Shift, b.MatrixMean, b.MatrixCovariance, b.MeanCorrection, b.CovarianceCorrection];
            for (var t = 0; t < x.Length; t++) Assert.Equal(x[t], y[t], Math.Abs(x[t]) * 1e-13);
        }
    }

    /// <summary>A diagonal target with spectrum 1/(1 + i) and a non-zero mean, so that Delta reaches the mean terms.</summary>
    private static GaussianTarget WithMean(int d) => new(
        Vector<double>.Build.Dense(d, i => 0.5 * Math.Cos(i)),
        Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, d).Select(i => 1.0 / (1 + i)).ToArray()));
}
