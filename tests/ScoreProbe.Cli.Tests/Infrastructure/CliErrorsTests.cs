using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;

namespace ScoreProbe.Cli.Tests.Infrastructure;

[Collection(Commands.ConsoleCapture.Name)]
public class CliErrorsTests
{
    [Theory]
    [InlineData("/proc/x.json")]
    [InlineData("/dev/null/x.json")]
    [InlineData(".")]
    [InlineData("")]
    public void UnwritableOutputIsRejectedBeforeAnyWork(string path)
    {
        var (code, stderr) = Commands.ConsoleCapture.Run("kernel", "--draws", "4000000", "--json", path);
        Assert.Equal(CliErrors.BadInput, code);
        Assert.StartsWith("error: --json ", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void EngineParameterIsReportedAsTheFlagThatSetIt()
    {
        var (code, stderr) = Commands.ConsoleCapture.Run("kernel", "--draws", "0", "--steps", "0");
        Assert.Equal(CliErrors.BadInput, code);
        Assert.Equal("error: --steps must be >= 1 (got 0)", stderr.Trim());
    }

    [Fact]
    public void ParameterWithoutAnOptionKeepsTheEngineName()
    {
        var e = new InvalidConfigurationException("curvature", "must be > 0 (got -1)");
        Assert.Equal("curvature must be > 0 (got -1)", CliErrors.Describe(e, command: null));
    }

    [Fact]
    public void BadInputWrappedInAnAggregateIsStillBadInput()
    {
        var inner = new InvalidConfigurationException("eps", "must be >= 0 (got -1)");
        Assert.Same(inner, CliErrors.FindBadInput(new AggregateException(new InvalidOperationException("x"), inner)));
        Assert.Null(CliErrors.FindBadInput(new InvalidOperationException("x")));
    }

    [Fact]
    public void InternalFailureIsOneLineWithALogAndNoTypeNames()
    {
        var line = CliErrors.DescribeInternal(new InvalidOperationException("System.Collections.Generic.List`1 broke"), ["kernel"]);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("\n", line);
        var log = line[(line.LastIndexOf("details in ", StringComparison.Ordinal) + "details in ".Length)..];
        Assert.Contains("InvalidOperationException", File.ReadAllText(log));
        File.Delete(log);
    }
}
