using ScoreProbe.Core.Kernel;

namespace ScoreProbe.Core.Tests.Kernel;

public class IsotropicModeKernelEngineTests
{
    /// <summary>
    /// Modes are partitioned into fixed blocks and summed in mode order, so one thread and every available thread give the same
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
}
