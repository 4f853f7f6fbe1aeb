using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Core;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// Typed access to the fields of a diffusers <c>config.json</c> / <c>scheduler_config.json</c>: each getter returns the
/// field or its default (absent or, where the diffusers argument is optional, null) and reports a wrong type as one
/// <see cref="InvalidConfigurationException"/> naming the file and the field. <see cref="Unread"/> lists the fields no
/// getter asked for.
/// </summary>
internal sealed class ConfigFields
{
    private readonly JsonObject _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private ConfigFields(JsonObject node, string path) => (_node, Path) = (node, path);

    public string Path { get; }

    public static ConfigFields Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidConfigurationException($"{path} does not exist");
        try
        {
            return new ConfigFields(JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                                    ?? throw new InvalidConfigurationException($"{path} is not a JSON object"), path);
        }
        catch (JsonException e)
        {
            throw new InvalidConfigurationException($"{path} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Whether the field is present, even with a null value.</summary>
    public bool Has(string field) => _node.ContainsKey(field);

    /// <summary>Fields present (with a non-null value) that no getter read, excluding diffusers' bookkeeping fields (<c>_name</c>).</summary>
    public IEnumerable<string> Unread => _node.Where(kv => kv.Value is not null && !kv.Key.StartsWith('_') && !_read.Contains(kv.Key)).Select(kv => kv.Key);

    public int Int(string field, int fallback) => NullableInt(field) ?? fallback;

    public int? NullableInt(string field) => Get(field, n => n.GetValue<double>() is var v && v == Math.Floor(v) && Math.Abs(v) < int.MaxValue ? (int?)(int)v : throw Wrong(field, "an integer"));

    public double Double(string field, double fallback) => Get(field, n => (double?)n.GetValue<double>()) ?? fallback;

    public bool Bool(string field, bool fallback) => Get(field, n => (bool?)n.GetValue<bool>()) ?? fallback;

    public string String(string field, string fallback) => NullableString(field, fallback) ?? fallback;

    /// <summary>The string, <paramref name="fallback"/> when absent, null when the field is explicitly null.</summary>
    public string? NullableString(string field, string? fallback)
    {
        _read.Add(field);
        if (!_node.ContainsKey(field)) return fallback;
        return Get(field, n => n.GetValue<string>());
    }

    public IReadOnlyList<int>? IntList(string field) => Get(field, n => (IReadOnlyList<int>)AsArray(field, n).Select(e => e!.GetValue<int>()).ToArray());

    public IReadOnlyList<double>? DoubleList(string field) => Get(field, n => (IReadOnlyList<double>)AsArray(field, n).Select(e => e!.GetValue<double>()).ToArray());

    public IReadOnlyList<string>? StringList(string field) => Get(field, n => (IReadOnlyList<string>)AsArray(field, n).Select(e => e!.GetValue<string>()).ToArray());

    /// <summary>An integer or a pair of integers (diffusers' <c>sample_size</c>).</summary>
    public (int Height, int Width)? IntOrPair(string field) => Get(field, n => n is JsonArray
        ? AsArray(field, n).Select(e => e!.GetValue<int>()).ToArray() is [var h, var w] ? ((int, int)?)(h, w) : throw Wrong(field, "an integer or a pair of integers")
        : (n.GetValue<int>(), n.GetValue<int>()));

    public InvalidConfigurationException Problem(string field, string problem) => new($"{Path}: {field} {problem}");

    /// <summary>Runs a config's own validation, prefixing its message with this file's path.</summary>
    public T Checked<T>(T config, Action validate)
    {
        try
        {
            validate();
            return config;
        }
        catch (InvalidConfigurationException e)
        {
            throw new InvalidConfigurationException($"{Path}: {e.Message}");
        }
    }

    private T? Get<T>(string field, Func<JsonNode, T?> read)
    {
        _read.Add(field);
        var node = _node[field];
        if (node is null) return default;
        try
        {
            return read(node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Wrong(field, typeof(T).Name.Replace("Nullable`1", "value").Replace("IReadOnlyList`1", "list"));
        }
    }

    private JsonArray AsArray(string field, JsonNode node) => node as JsonArray ?? throw Wrong(field, "a list");

    private InvalidConfigurationException Wrong(string field, string expected) =>
        new($"{Path}: {field} must be {expected} (got {_node[field]?.ToJsonString()})");
}
