using BenchmarkDotNet.Running;
using ScoreProbe.Bench;

if (args is ["precision"])
    PrecisionReport.Run();
else if (args is ["scaling"])
    ScalingReport.Run();
else if (args is ["peers", ..])
    PeersReport.Run(args[1..]);
else
    BenchmarkSwitcher.FromAssembly(typeof(KernelProblems).Assembly).Run(args);
