using ScoreProbe.Core.IO;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// The envelope every result file shares: schema version, command, the validated config, the software versions
/// and the timings. Results are deterministic for a given seed except for the <c>timing</c> block and
/// <c>created_utc</c>, which record how the run went.
/// </summary>
public static class ResultJson
{
    public const int SchemaVersion = 1;

    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Keep symbols such as ε, § and + readable in the files people open.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Versions of ScoreProbe, the runtime and the OS, recorded in every result file.</summary>
    public static JsonObject Versions() => new()
    {
        ["scoreprobe"] = typeof(ResultJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        ["dotnet"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["processors"] = Environment.ProcessorCount,
        ["libtorch_threads"] = ScoreProbe.Neural.Native.NativeLoader.ThreadCount,
        ["mkl_cbwr"] = ScoreProbe.Neural.Native.NativeLoader.MklBranch,
    };

    /// <summary>Builds the standard envelope around command-specific content.</summary>
    public static JsonObject Envelope(string command, object config, JsonObject body, JsonObject timing)
    {
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["command"] = command,
            ["config"] = JsonSerializer.SerializeToNode(config, config.GetType(), Options),
            ["versions"] = Versions(),
        };
        foreach (var (key, value) in body) root[key] = value?.DeepClone();
        root["timing"] = timing;
        return root;
    }

    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Writes the JSON atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, JsonNode node) => AtomicFile.WriteAllText(path, node.ToJsonString(Options) + "\n");
}
