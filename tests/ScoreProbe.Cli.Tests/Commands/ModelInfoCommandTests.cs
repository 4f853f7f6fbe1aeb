namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class ModelInfoCommandTests
{
    [Theory]
    [InlineData("fuzz")]
    [InlineData("")]
    public void An_unknown_preset_is_one_line_naming_the_option_and_the_presets(string name)
    {
        var (code, error) = ConsoleCapture.Run("model-info", "--model", name);
        Assert.Equal(2, code);
        Assert.Equal($"error: --model must be one of unet-small, unet-small32, unet-rgb32, unet-paper, mlp (got '{name}')", error);
    }
}
