using ScoreProbe.Core.IO;
using System.IO.Compression;
using System.Text.Json;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using TorchSharp.Modules;

namespace ScoreProbe.Neural.Training;

/// <summary>
/// A training state on disk: one zip file (stored, not compressed) with <c>checkpoint.json</c> (format, step, config,
/// versions), <c>model.bin</c> and, when present, <c>ema.bin</c> (TorchSharp state dictionaries) and
/// <c>optimizer.bin</c> (AdamW moments and step counts). Written through a temporary file and a rename.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    public const int FormatVersion = 1;
    private const string HeaderEntry = "checkpoint.json";
    private const string ModelEntry = "model.bin";
    private const string EmaEntry = "ema.bin";
    private const string OptimizerEntry = "optimizer.bin";

    private readonly byte[]? _optimizerState;

    private Checkpoint(string path, CheckpointHeader header, NoisePredictor model, NoisePredictor? ema, byte[]? optimizerState)
    {
        Path = path;
        Header = header;
        Model = model;
        Ema = ema;
        _optimizerState = optimizerState;
    }

    public string Path { get; }

    public CheckpointHeader Header { get; }

    public TrainingConfig Config => Header.Config;

    /// <summary>Optimiser steps taken when the checkpoint was written.</summary>
    public int Step => Header.Step;

    /// <summary>The trained network, in eval mode.</summary>
    public NoisePredictor Model { get; }

    /// <summary>The EMA network when the run kept one.</summary>
    public NoisePredictor? Ema { get; }

    /// <summary>The network to sample from: the EMA weights when present, else the raw ones.</summary>
    public NoisePredictor SamplingModel => Ema ?? Model;

    /// <summary>File name of the checkpoint for <paramref name="step"/>: <c>step-0000100.ckpt</c>.</summary>
    public static string FileName(int step) => $"step-{step:D7}.ckpt";

    /// <summary>Reads a checkpoint; throws <see cref="DataUnavailableException"/> when the file is missing or not a checkpoint.</summary>
    public static Checkpoint Load(string path)
    {
        NativeLoader.EnsureLoaded();
        if (!File.Exists(path)) throw new DataUnavailableException($"checkpoint '{path}' does not exist");
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var header = Read(archive, HeaderEntry, s => JsonSerializer.Deserialize<CheckpointHeader>(s, NeuralJson.Options))
                         ?? throw new DataUnavailableException($"{path}: empty {HeaderEntry}");
            if (header.FormatVersion != FormatVersion)
                throw new DataUnavailableException($"{path}: checkpoint format {header.FormatVersion}, this build reads {FormatVersion}");
            var model = LoadModel(archive, ModelEntry, header.Config.Model)!;
            var ema = LoadModel(archive, EmaEntry, header.Config.Model);
            var optimizer = archive.GetEntry(OptimizerEntry) is { } entry ? ReadBytes(entry) : null;
            return new Checkpoint(path, header, model, ema, optimizer);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or ArgumentException)
        {
            throw new DataUnavailableException($"'{path}' is not a readable ScoreProbe checkpoint: {e.Message}", e);
        }
    }

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Save(string path, CheckpointHeader header, NoisePredictor model, ExponentialMovingAverage? ema, OptimizerHelper? optimizer)
    {
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            Write(archive, HeaderEntry, s => JsonSerializer.Serialize(s, header, NeuralJson.Options));
            Write(archive, ModelEntry, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); model.save(w); });
            if (ema is not null)
                Write(archive, EmaEntry, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); ema.Model.save(w); });
            if (optimizer is not null)
                Write(archive, OptimizerEntry, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); optimizer.save_state_dict(w); });
        });
    }

    /// <summary>Restores the saved AdamW state into <paramref name="optimizer"/> (built over the same parameters).</summary>
    public void RestoreOptimizer(OptimizerHelper optimizer)
    {
        if (_optimizerState is null) throw new DataUnavailableException($"{Path} holds no optimiser state; it cannot be resumed");
        using var reader = new BinaryReader(new MemoryStream(_optimizerState));
        optimizer.load_state_dict(reader);
    }

    public void Dispose()
    {
        Model.Dispose();
        Ema?.Dispose();
    }

    private static NoisePredictor? LoadModel(ZipArchive archive, string name, ModelConfig config)
    {
        if (archive.GetEntry(name) is not { } entry) return null;
        var model = config.Build();
        using var reader = new BinaryReader(new MemoryStream(ReadBytes(entry)));
        model.load(reader);
        model.eval();
        return model;
    }

    private static T Read<T>(ZipArchive archive, string name, Func<Stream, T> read)
    {
        var entry = archive.GetEntry(name) ?? throw new InvalidDataException($"missing entry {name}");
        using var stream = entry.Open();
        return read(stream);
    }

    private static byte[] ReadBytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static void Write(ZipArchive archive, string name, Action<Stream> write)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        write(stream);
    }
}

/// <summary>The JSON header of a checkpoint.</summary>
public sealed record CheckpointHeader(int FormatVersion, int Step, double MeanLoss, TrainingConfig Config, IReadOnlyDictionary<string, string> Versions);
