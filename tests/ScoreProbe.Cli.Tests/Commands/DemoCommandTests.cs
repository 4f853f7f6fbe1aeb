namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>demo writes three steps' outputs under --out: a path among them that cannot be written stops it before the first step.</summary>
[Collection(ConsoleCapture.Name)]
public class DemoCommandTests
{
    [Theory]
    [InlineData("runs/kernel.json", "--out '")]
    [InlineData("spectra.json", "--out '")]
    public void An_unusable_path_under_out_is_refused_before_the_kernel_step(string folderInTheWay, string message)
    {
        using var dir = new TempDirectory();
        var output = dir.File("demo");
        Directory.CreateDirectory(Path.Combine(output, folderInTheWay));
        var (code, error) = ConsoleCapture.Run("demo", "--out", output);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {message}", error);
        Assert.Single(error.Split('\n'));
        Assert.Equal([Path.Combine(output, folderInTheWay.Split('/')[0])], Directory.GetFileSystemEntries(output));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(output, folderInTheWay)));
    }
}
