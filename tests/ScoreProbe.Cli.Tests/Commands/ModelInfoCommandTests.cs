namespace ScoreProbe.Cli.Tests.Commands;

public class ModelInfoCommandTests
{
    [Theory]
    [InlineData("fuzz")]
    [InlineData("")]
    public void An_unknown_preset_is_one_line_naming_the_option_and_the_presets(string name)
    {
        var saved = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        int code;
        try { code = CliApp.Run(["model-info", "--model", name]); }
        finally { Console.SetError(saved); }
        Assert.Equal(2, code);
        Assert.Equal($"error: --model must be one of unet-small, unet-small32, unet-paper, mlp (got '{name}')", captured.ToString().Trim());
    }
}
