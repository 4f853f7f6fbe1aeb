using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Core.Tests.IO;

/// <summary>The .npy/.npz reader on files NumPy wrote (tests/fixtures/numpy/make_arrays.py) and the writer round trip.</summary>
public class NpyFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "numpy", name);

    private static double[] Expected => Enumerable.Range(0, 24).Select(i => (double)(float)(i / 7f)).ToArray();

    [Fact]
    public void ReadsCOrderFloat32AndFortranOrderFloat64AsNumPyWroteThem()
    {
        var c = NpyFile.Read(Fixture("c_float32.npy"));
        Assert.Equal(NpyDataType.Float32, c.DataType);
        Assert.Equal([2L, 3, 4], c.Shape);
        Assert.Equal(Expected, c.ToDoubles());
        var fortran = NpyFile.Read(Fixture("fortran_float64.npy"));
        Assert.Equal([2L, 3, 4], fortran.Shape);
        Assert.Equal(Expected, fortran.ToDoubles());
    }

    [Fact]
    public void ReadsIntegerArraysAndCompressedArchives()
    {
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 20.0), NpyFile.Read(Fixture("uint8.npy")).ToDoubles());
        Assert.Equal([-3.0, 0, 5], NpyFile.Read(Fixture("int64_vector.npy")).ToDoubles());
        var archive = NpzFile.Read(Fixture("compressed.npz"));
        Assert.Equal(Expected, archive["first"].ToDoubles());
        Assert.Equal([1.5, -2.5], archive["second"].ToDoubles());
    }

    [Fact]
    public void WrittenFilesReadBackBitForBit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            var array = NpyArray.FromSingles([3, 2], [1.5f, -0f, float.Epsilon, 3e38f, -1f, 0.1f]);
            NpyFile.Write(path, array);
            var back = NpyFile.Read(path);
            Assert.Equal(array.Shape, back.Shape);
            Assert.Equal(array.Bytes.ToArray(), back.Bytes.ToArray());
            Assert.Equal(0, (new FileInfo(path).Length - 24) % 64);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TruncatedOrForeignFilesAreBadInputNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npy-{Guid.NewGuid():N}.npy");
        try
        {
            var bytes = File.ReadAllBytes(Fixture("c_float32.npy"));
            File.WriteAllBytes(path, bytes[..^5]);
            Assert.Contains(path, Assert.Throws<InvalidConfigurationException>(() => NpyFile.Read(path)).Message);
            File.WriteAllText(path, "not numpy");
            Assert.Contains("magic", Assert.Throws<InvalidConfigurationException>(() => NpyFile.Read(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ResidualArchivesReadIntoTheResidualSetLayout()
    {
        var set = ResidualNpz.Read(Fixture("residuals.npz"));
        Assert.Equal([0.1, 0.5, 0.9], set.Times);
        Assert.Equal((2, 4, 2), (set.Repetitions, set.Batch, set.Dim));
        // x[r, a, j, i] = sin(((r m + a) B + j) d + i), residual = 0.1 x + 0.01 (make_arrays.py).
        Assert.Equal(Math.Sin(((1 * 3 + 2) * 4 + 3) * 2 + 1), set.State(1, 2, 3)[1], 15);
        Assert.Equal(0.1 * Math.Sin(((1 * 3 + 2) * 4 + 3) * 2 + 1) + 0.01, set.Residual(1, 2, 3)[1], 15);
    }
}
