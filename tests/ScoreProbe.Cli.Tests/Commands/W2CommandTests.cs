using ScoreProbe.Cli.Commands;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Neural.Evaluation;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>
/// The Sinkhorn options of <c>w2</c> are checked before the checkpoint is opened or any sample drawn: <c>--blur inf</c> used to be
/// accepted with exit 0, and <c>--scaling 0.999999</c> ran millions of temperature steps with growing memory (issue 14).
/// </summary>
public class W2CommandTests
{
    [Theory]
    [InlineData("--blur", "1e999")]
    [InlineData("--blur", "Infinity")]
    [InlineData("--scaling", "0.999999")]
    [InlineData("--n", "100000000")]
    public void Impossible_Sinkhorn_settings_exit_with_two_before_any_work(string option, string value)
    {
        using var dir = new TempDirectory();
        var json = Path.Combine(dir.Path, "w2.json");

        // The checkpoint does not exist: reaching it would be a different error, so exit 2 here is the option check.
        Assert.Equal(2, CliApp.Run(["w2", "--checkpoint", Path.Combine(dir.Path, "none.ckpt"), option, value, "--json", json]));
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, 0.9, "--blur must be a finite number > 0 (got Infinity)")]
    [InlineData(0.05, 0.999999, "--scaling must lie in (0, 0.999] (got 0.999999)")]
    public void Messages_name_the_flag_the_value_and_the_range(double blur, double scaling, string expected)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => new SinkhornOptions(blur, scaling).Validate());

        Assert.StartsWith(expected, CliErrors.Describe(e, W2Command.Build()));
    }
}
