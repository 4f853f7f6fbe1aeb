using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Targets;

/// <summary>
/// Reads a target <c>N(mu, C)</c> from JSON: <c>{"mean": [..d..], "covariance": [[..d..], ...]}</c> (row-major, symmetric,
/// positive definite; "mean" may be omitted for zero).
/// </summary>
public static class GaussianTargetFile
{
    private sealed record Document(double[]? Mean, double[][]? Covariance);

    public static GaussianTarget Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidConfigurationException($"target file '{path}' not found; write {{\"mean\": [...], \"covariance\": [[...], ...]}}");
        Document? doc;
        try
        {
            doc = JsonSerializer.Deserialize<Document>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException e)
        {
            throw new InvalidConfigurationException($"target file '{path}' is not valid JSON ({e.Message}); write {{\"mean\": [...], \"covariance\": [[...], ...]}}");
        }
        var rows = doc?.Covariance ?? throw new InvalidConfigurationException($"target file '{path}' has no \"covariance\" matrix");
        var d = rows.Length;
        if (d == 0 || rows.Any(r => r is null || r.Length != d))
            throw new InvalidConfigurationException($"target file '{path}': \"covariance\" must be a square d x d array of rows");
        var mean = doc.Mean ?? new double[d];
        if (mean.Length != d) throw new InvalidConfigurationException($"target file '{path}': \"mean\" has {mean.Length} entries, the covariance is {d} x {d}");
        return new GaussianTarget(Vector<double>.Build.DenseOfArray(mean), Matrix<double>.Build.DenseOfRowArrays(rows));
    }
}
