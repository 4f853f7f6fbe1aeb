using BenchmarkDotNet.Running;
using ScoreProbe.Bench;

if (args is ["precision"])
    PrecisionReport.Run();
else
    BenchmarkSwitcher.FromAssembly(typeof(KernelProblems).Assembly).Run(args);
