// MSBuild inline task (RoslynCodeTaskFactory, Type="Class"); compiled by MSBuild itself, not by ScoreProbe.Neural.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Writes a copy of an ELF64 shared library in which chosen GNU symbol-version requirements no longer stop the
/// dynamic loader when the host lacks them.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>libLibTorchSharp.so</c> is linked by GCC 13 and so requires <c>GLIBCXX_3.4.32</c> for one
/// symbol, <c>std::ios_base_library_init()</c>. GCC 13's &lt;iostream&gt; emits that symbol only as a bare
/// <c>.globl</c> reference to pin the library version: no relocation uses it, so the loader never has to bind it.
/// Debian 12 ships libstdc++ up to <c>GLIBCXX_3.4.30</c>, and glibc then refuses the whole library at the version
/// check. Two edits make the requirement harmless (System V gABI, "Symbol Versioning" in the LSB core spec):
/// <list type="number">
/// <item>in <c>.gnu.version_r</c>, the <c>Elf64_Vernaux</c> entry naming the version gets <c>VER_FLG_WEAK</c>
/// (0x2) in <c>vna_flags</c>: glibc's version check skips a missing weak version;</item>
/// <item>in <c>.gnu.version</c>, every symbol whose version index is that entry's <c>vna_other</c> gets index 1
/// (global), so a lookup would accept any definition.</item>
/// </list>
/// Nothing else changes; the size of the file stays the same. When the host's libstdc++ already provides the
/// version the task copies the library unchanged.
/// </remarks>
public sealed class PatchGlibcxxVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlagWeak = 0x2;
    private const ushort VersionIndexGlobal = 1;

    /// <summary>The library as shipped.</summary>
    [Required] public string Source { get; set; } = "";

    /// <summary>Where the (possibly patched) copy goes.</summary>
    [Required] public string Destination { get; set; } = "";

    /// <summary>Version names to neutralise, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
    [Required] public string[] Versions { get; set; } = Array.Empty<string>();

    /// <summary>Candidate paths of the host's libstdc++; the first that exists is inspected.</summary>
    [Required] public string[] HostLibraries { get; set; } = Array.Empty<string>();

    /// <summary>True when the copy was patched.</summary>
    [Output] public bool Patched { get; set; }

    public override bool Execute()
    {
        var image = File.ReadAllBytes(Source);
        var host = HostLibraries.FirstOrDefault(File.Exists);
        var hostBytes = host is null ? Array.Empty<byte>() : File.ReadAllBytes(host);
        var missing = Versions.Where(v => !Contains(hostBytes, Encoding.ASCII.GetBytes(v + "\0"))).ToArray();
        if (host is not null && missing.Length > 0)
        {
            var symbols = Neutralise(image, missing);
            Patched = symbols > 0;
            Log.LogMessage(MessageImportance.Normal,
                $"{Path.GetFileName(Source)}: {string.Join(", ", missing)} missing from {host}; weakened, {symbols} symbol version(s) set global.");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Destination))!);
        File.WriteAllBytes(Destination, image);
        return !Log.HasLoggedErrors;
    }

    /// <summary>Applies both edits for every named version the image requires; returns the number of symbols re-versioned.</summary>
    private int Neutralise(byte[] image, IReadOnlyCollection<string> versions)
    {
        var elf = image;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F'
            || image[4] != 2 || image[5] != 1)
        {
            Log.LogError($"{Source} is not a little-endian ELF64 file.");
            return 0;
        }
        var sectionTable = checked((int)U64(elf, 0x28));
        int entrySize = U16(elf, 0x3a), count = U16(elf, 0x3c);
        var sections = Enumerable.Range(0, count).Select(i => sectionTable + i * entrySize).ToArray();
        int verneed = Array.Find(sections, s => U32(elf, s + 4) == ShtGnuVerneed);
        int versym = Array.Find(sections, s => U32(elf, s + 4) == ShtGnuVersym);
        if (verneed == 0 || versym == 0) return 0;

        var strings = sections[U32(elf, verneed + 0x28)];
        var stringsOffset = (int)U64(elf, strings + 0x18);
        var needOffset = (int)U64(elf, verneed + 0x18);
        var needCount = U32(elf, verneed + 0x2c);
        var indices = new HashSet<ushort>();
        for (int need = needOffset, n = 0; n < needCount; n++)
        {
            int auxCount = U16(elf, need + 2);
            for (int aux = need + (int)U32(elf, need + 8), a = 0; a < auxCount; a++)
            {
                if (versions.Contains(CString(image, stringsOffset + (int)U32(elf, aux + 8))))
                {
                    Put16(elf, aux + 4, (ushort)(U16(elf, aux + 4) | VerFlagWeak));
                    indices.Add((ushort)(U16(elf, aux + 6) & 0x7fff));
                }
                aux += (int)U32(elf, aux + 12);
            }
            need += (int)U32(elf, need + 12);
        }

        var versymOffset = (int)U64(elf, versym + 0x18);
        var symbolCount = (int)(U64(elf, versym + 0x20) / 2);
        var changed = 0;
        for (var i = 0; i < symbolCount; i++)
        {
            var at = versymOffset + 2 * i;
            if (!indices.Contains((ushort)(U16(elf, at) & 0x7fff))) continue;
            Put16(elf, at, VersionIndexGlobal);
            changed++;
        }
        return changed;
    }

    // Little-endian field access; the task runs on netstandard2.0, hence no BinaryPrimitives.
    private static ushort U16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);
    private static uint U32(byte[] b, int at) => (uint)(U16(b, at) | U16(b, at + 2) << 16);
    private static ulong U64(byte[] b, int at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    private static void Put16(byte[] b, int at, ushort v) { b[at] = (byte)v; b[at + 1] = (byte)(v >> 8); }

    private static string CString(byte[] b, int at) => Encoding.ASCII.GetString(b, at, Array.IndexOf(b, (byte)0, at) - at);

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
