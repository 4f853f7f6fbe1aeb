namespace ScoreProbe.Cli.Tests.Infrastructure;

[Collection(Commands.ConsoleCapture.Name)]
public class ParseErrorTextTests
{
    [Theory]
    [InlineData(new[] { "nosuchcommand" }, "error: unknown command 'nosuchcommand'; the commands are demo, kernel")]
    [InlineData(new string[0], "error: no command given; pass one of demo, kernel")]
    [InlineData(new[] { "kernel", "--dim", "abc" }, "error: --dim 'abc' is not a whole number")]
    [InlineData(new[] { "kernel", "--eps", "x" }, "error: --eps 'x' is not a number")]
    [InlineData(new[] { "kernel", "--bogus" }, "error: unknown option '--bogus' for 'kernel'; see 'scoreprobe kernel --help'")]
    [InlineData(new[] { "kernel", "--dim" }, "error: --dim needs a value")]
    [InlineData(new[] { "train", "--out", "x" }, "error: --data is required; see 'scoreprobe train --help'")]
    [InlineData(new[] { "experiment" }, "error: 'experiment' needs its name argument")]
    public void ParseErrorsAreOneLineNamingTheOptionAndTheFix(string[] args, string expectedStart)
    {
        var (code, stderr) = Commands.ConsoleCapture.Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith(expectedStart, stderr);
        Assert.DoesNotContain("System.", stderr);
        Assert.Single(stderr.Split('\n'));
    }
}
