using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using TorchSharp.Modules;

namespace ScoreProbe.Neural.Training;

/// <summary>
/// A training state on disk: one zip file (stored, not compressed) with <c>checkpoint.json</c> (format, step, config,
/// versions), <c>model.bin</c> and, when present, <c>ema.bin</c> (TorchSharp state dictionaries) and
/// <c>optimizer.bin</c> (AdamW moments and step counts). Written through a temporary file and a rename; every read
/// verifies each entry against the CRC-32 the zip stores for it, so a damaged file is refused instead of loaded.
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

    /// <summary>
    /// Reads a checkpoint and verifies it: every entry's bytes against the CRC-32 the zip directory stores for it, the
    /// header's fields, and the weights against the model configuration in the header. Throws
    /// <see cref="DataUnavailableException"/> naming the file and what is wrong when it is missing, not a checkpoint,
    /// damaged or inconsistent.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        NativeLoader.EnsureLoaded();
        using var archive = OpenArchive(path);
        var header = ReadHeader(archive, path);
        var model = LoadModel(archive, ModelEntry, header.Config.Model, path)
                    ?? throw Unreadable(path, $"it holds no {ModelEntry} (the weights)");
        NoisePredictor? ema = null;
        try
        {
            ema = LoadModel(archive, EmaEntry, header.Config.Model, path);
            var optimizer = archive.GetEntry(OptimizerEntry) is { } entry ? VerifiedBytes(entry, path) : null;
            return new Checkpoint(path, header, model, ema, optimizer);
        }
        catch
        {
            model.Dispose();
            ema?.Dispose();
            throw;
        }
    }

    /// <summary>Reads and checks the header of a checkpoint without building its networks; errors as <see cref="Load"/>.</summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var archive = OpenArchive(path);
        return ReadHeader(archive, path);
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
        try
        {
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            throw Unreadable(Path, $"its {OptimizerEntry} does not fit the model in its header ({LibTorchErrorMessage.WithoutBacktrace(e.Message)})", e);
        }
    }

    public void Dispose()
    {
        Model.Dispose();
        Ema?.Dispose();
    }

    private static ZipArchive OpenArchive(string path)
    {
        if (Directory.Exists(path))
            throw new DataUnavailableException($"checkpoint '{path}' is a folder; pass a .ckpt file (a run folder keeps them in {RunFolder.CheckpointFolderName}/)");
        if (!File.Exists(path)) throw new DataUnavailableException($"checkpoint '{path}' does not exist");
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, $"it cannot be opened as a zip archive ({e.Message})", e);
        }
    }

    private static CheckpointHeader ReadHeader(ZipArchive archive, string path)
    {
        var entry = archive.GetEntry(HeaderEntry) ?? throw Unreadable(path, $"it holds no {HeaderEntry} (step and configuration)");
        CheckpointHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<CheckpointHeader>(VerifiedBytes(entry, path), NeuralJson.Options);
        }
        catch (JsonException e)
        {
            throw Unreadable(path, $"its {HeaderEntry} is not valid ({e.Message})", e);
        }
        if (header is null) throw Unreadable(path, $"its {HeaderEntry} is empty");
        if (header.FormatVersion != FormatVersion)
            throw Unreadable(path, $"it has checkpoint format {header.FormatVersion}; this build reads format {FormatVersion}");
        if (header.Config?.Model is null) throw Unreadable(path, $"its {HeaderEntry} holds no model configuration");
        if (header.Step < 0) throw Unreadable(path, $"its {HeaderEntry} says step {header.Step}");
        try
        {
            if (header.Config.Model is UNetConfig unet) unet.Validate();
        }
        catch (InvalidConfigurationException e)
        {
            throw Unreadable(path, $"the model configuration in its {HeaderEntry} is invalid ({e.Message})", e);
        }
        return header;
    }

    private static NoisePredictor? LoadModel(ZipArchive archive, string name, ModelConfig config, string path)
    {
        if (archive.GetEntry(name) is not { } entry) return null;
        var bytes = VerifiedBytes(entry, path);
        NoisePredictor? model = null;
        try
        {
            model = config.Build();
            using var reader = new BinaryReader(new MemoryStream(bytes));
            model.load(reader);
            if (reader.BaseStream.Position != bytes.Length)
                throw Unreadable(path, $"its {name} holds {bytes.Length - reader.BaseStream.Position} bytes beyond the weights of the model in its header");
            model.eval();
            return model;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or ExternalException)
        {
            model?.Dispose();
            throw Unreadable(path, $"its {name} does not hold the weights of the model in its header ({LibTorchErrorMessage.WithoutBacktrace(e.Message)})", e);
        }
        catch
        {
            model?.Dispose();
            throw;
        }
    }

    /// <summary>The entry's bytes, after checking their length and CRC-32 against what the zip directory recorded.</summary>
    private static byte[] VerifiedBytes(ZipArchiveEntry entry, string path)
    {
        byte[] bytes;
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw Unreadable(path, $"its {entry.FullName} cannot be read ({e.Message})", e);
        }
        var crc = Crc32.HashToUInt32(bytes);
        if (bytes.Length != entry.Length || crc != entry.Crc32)
            throw Unreadable(path,
                $"its {entry.FullName} is damaged ({bytes.Length} bytes with CRC-32 {crc:x8}; the archive recorded {entry.Length} bytes with {entry.Crc32:x8})");
        return bytes;
    }

    private static DataUnavailableException Unreadable(string path, string reason, Exception? inner = null) =>
        new($"'{path}' is not a readable ScoreProbe checkpoint: {reason}; use another checkpoint or train again", inner);

    private static void Write(ZipArchive archive, string name, Action<Stream> write)
    {
        using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
        write(stream);
    }
}

/// <summary>The JSON header of a checkpoint.</summary>
public sealed record CheckpointHeader(int FormatVersion, int Step, double MeanLoss, TrainingConfig Config, IReadOnlyDictionary<string, string> Versions);
