using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreProbe.Neural.IO;

/// <summary>JSON conventions of ScoreProbe records: snake_case names, enums as snake_case strings, indented.</summary>
public static class NeuralJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Library versions recorded next to results.</summary>
    public static IReadOnlyDictionary<string, string> Versions { get; } = new Dictionary<string, string>
    {
        ["scoreprobe"] = typeof(NeuralJson).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["dotnet"] = Environment.Version.ToString(),
    };
}
