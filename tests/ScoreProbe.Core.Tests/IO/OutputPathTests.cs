using ScoreProbe.Core;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Core.Tests.IO;

public class OutputPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-output-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AFileInANewSubfolderIsAcceptedAndNothingIsCreated()
    {
        var path = Path.Combine(_dir, "a", "b", "r.json");
        Assert.Null(OutputPath.Problem(path, folder: false));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void AFolderGivenAsAFileAndAFileGivenAsAFolderAreRejected()
    {
        File.WriteAllText(Path.Combine(_dir, "f"), "x");
        Assert.Contains("is a folder", OutputPath.Problem(_dir, folder: false));
        Assert.Contains("is a file", OutputPath.Problem(Path.Combine(_dir, "f"), folder: true));
        Assert.Contains("is a file, not a folder", OutputPath.Problem(Path.Combine(_dir, "f", "x.json"), folder: false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/proc/x.json")]
    public void UnusablePathsAreRejectedWithTheParameterName(string path)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => OutputPath.EnsureFile("json", path));
        Assert.Equal("json", e.Parameter);
    }
}
