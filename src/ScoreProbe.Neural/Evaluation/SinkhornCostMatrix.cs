using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// What one <see cref="SinkhornCostMatrix"/> of an N x M problem holds in memory: the cost in row blocks, and the one
/// GEMM product block alive while the cost is built.
/// </summary>
/// <param name="RowsPerBlock">Rows of the cost in one stored block.</param>
/// <param name="Blocks">Stored blocks, <c>ceil(N / RowsPerBlock)</c>.</param>
/// <param name="CostBytes">The whole cost in float64, <c>8 N M</c>: the one dense N x M array of the solver.</param>
/// <param name="BlockBytes">One block in float64, <c>8 RowsPerBlock M</c>: the only temporary of that size.</param>
public sealed record SinkhornCostPlan(long RowsPerBlock, long Blocks, long CostBytes, long BlockBytes);

/// <summary>
/// The cost <c>C_ij = (|x_i|^2 - 2 x_i.y_j + |y_j|^2) / 2</c> (geomloss' <c>squared_distances / 2</c>, in its order of
/// operations) of two float64 clouds, built once by row-block GEMMs and stored in native row blocks, with the two soft
/// c-transforms that Sinkhorn iterates over it:
/// <code>
/// rows:    f_i = -eps log sum_j exp(h_j - C_ij / eps)        columns: g_j = -eps log sum_i exp(h_i - C_ij / eps)
/// </code>
/// each a max-stabilised log-sum-exp fused in one sweep of the stored cost (no temporary of the cost's size).
/// </summary>
/// <remarks>
/// Each row (and each column chunk) is reduced by one thread in a fixed order, so the results are the same bytes for every
/// thread count (<see cref="NativeLoader.ThreadCount"/> threads, <c>SCOREPROBE_THREADS</c>). The column transform streams
/// row tiles of <see cref="RowTile"/> rows through a running maximum per column (a running sum rescaled when the maximum
/// grows), so it too reads the cost once per call. The kernels use 512-bit vectors (on this project's AVX-512 machine about
/// twice as fast as 256-bit ones in the exponential; .NET runs them as two 256-bit halves where AVX-512 is missing).
/// </remarks>
internal sealed class SinkhornCostMatrix : IDisposable
{
    /// <summary>Entries of one stored block (64 MB of doubles), the size of the one GEMM product alive at a time.</summary>
    public const long DefaultBlockEntries = 8_000_000;

    /// <summary>Columns one task of the column transform owns: a tile of <see cref="RowTile"/> rows is 128 KB, cache-resident.</summary>
    private const int ColumnChunk = 256;

    private const int RowTile = 64;

    /// <summary>
    /// Exponents are clamped here before <c>Vector512.Exp</c>: below about -709 it leaves its vector path
    /// for a scalar one (15x slower, and most entries of a log-sum-exp at small eps lie there), while exp(-700) = 1e-304 adds
    /// nothing to a sum whose largest term is exp(0) = 1.
    /// </summary>
    private static readonly Vector512<double> ExponentFloor = Vector512.Create(-700.0);

    private readonly Tensor[] _blocks;
    private readonly int _rowsPerBlock;
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = NativeLoader.ThreadCount };

    private SinkhornCostMatrix(Tensor[] blocks, int rows, int columns, int rowsPerBlock) =>
        (_blocks, Rows, Columns, _rowsPerBlock) = (blocks, rows, columns, rowsPerBlock);

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>The memory plan of an N x M cost in blocks of at most <paramref name="blockEntries"/> entries (at least one row).</summary>
    public static SinkhornCostPlan Plan(long n, long m, long blockEntries = DefaultBlockEntries)
    {
        var rows = Math.Min(n, Math.Max(1, blockEntries / m));
        return new SinkhornCostPlan(rows, (n + rows - 1) / rows, n * m * sizeof(double), rows * m * sizeof(double));
    }

    /// <summary>The cost of <c>x [N, D]</c> against <c>y [M, D]</c> (float64), one row-block GEMM at a time.</summary>
    public static SinkhornCostMatrix Build(Tensor x, Tensor y, long blockEntries = DefaultBlockEntries)
    {
        var (n, m) = (x.shape[0], y.shape[0]);
        var plan = Plan(n, m, blockEntries);
        var blocks = new Tensor[plan.Blocks];
        using (NewDisposeScope())
        {
            var xx = SquaredNorms(x);
            var yy = SquaredNorms(y).unsqueeze(0);
            var yt = y.t();
            for (var b = 0; b < blocks.Length; b++)
            {
                using var step = NewDisposeScope();
                var (start, count) = BlockRows(plan, n, b);
                var block = x.narrow(0, start, count).matmul(yt);
                HalfSquaredDistances(block, xx.narrow(0, start, count), yy);
                blocks[b] = block.MoveToOuterDisposeScope().DetachFromDisposeScope();
            }
        }
        return new SinkhornCostMatrix(blocks, (int)n, (int)m, (int)plan.RowsPerBlock);
    }

    /// <summary>
    /// The cost of <c>x [N, D]</c> against itself: each row block's GEMM covers only the columns from its first row on
    /// (half the products of <see cref="Build(Tensor, Tensor, long)"/>), and the transpose of that product fills the
    /// columns of the later blocks below the diagonal. The product is the one temporary, at most one block.
    /// </summary>
    public static SinkhornCostMatrix BuildSymmetric(Tensor x, long blockEntries = DefaultBlockEntries)
    {
        var n = x.shape[0];
        var plan = Plan(n, n, blockEntries);
        using var xx = SquaredNorms(x);
        var blocks = new Tensor[plan.Blocks];
        for (var b = 0; b < blocks.Length; b++) blocks[b] = empty([BlockRows(plan, n, b).Count, n], ScalarType.Float64).DetachFromDisposeScope();
        using (NewDisposeScope())
        {
            for (var b = 0; b < blocks.Length; b++)
            {
                using var step = NewDisposeScope();
                var (start, count) = BlockRows(plan, n, b);
                var upper = x.narrow(0, start, count).matmul(x.narrow(0, start, n - start).t());
                HalfSquaredDistances(upper, xx.narrow(0, start, count), xx.narrow(0, start, n - start).unsqueeze(0));
                blocks[b].narrow(1, start, n - start).copy_(upper);
                for (var later = b + 1; later < blocks.Length; later++)
                {
                    var (laterStart, laterCount) = BlockRows(plan, n, later);
                    blocks[later].narrow(1, start, count).copy_(upper.narrow(1, laterStart - start, laterCount).t());
                }
            }
        }
        return new SinkhornCostMatrix(blocks, (int)n, (int)n, (int)plan.RowsPerBlock);
    }

    /// <summary><c>result_i = -eps log sum_j exp(h_j - C_ij / eps)</c> for every row i (<paramref name="h"/> has M entries).</summary>
    public double[] RowSoftmin(double eps, double[] h)
    {
        var result = new double[Rows];
        var negativeInverse = -1 / eps;
        Parallel.For(0, Rows, _parallel, i =>
        {
            var row = Block(i / _rowsPerBlock).Slice(i % _rowsPerBlock * Columns, Columns);
            result[i] = -eps * LogSumExp(row, h, negativeInverse);
        });
        return result;
    }

    /// <summary><c>result_j = -eps log sum_i exp(h_i - C_ij / eps)</c> for every column j (<paramref name="h"/> has N entries).</summary>
    public double[] ColumnSoftmin(double eps, double[] h)
    {
        var result = new double[Columns];
        var negativeInverse = -1 / eps;
        var chunks = (Columns + ColumnChunk - 1) / ColumnChunk;
        Parallel.For(0, chunks, _parallel, c =>
        {
            var first = c * ColumnChunk;
            var width = Math.Min(ColumnChunk, Columns - first);
            var (max, sum, tileMax) = (new double[width], new double[width], new double[width]);
            for (var b = 0; b < _blocks.Length; b++)
            {
                var block = Block(b);
                var rowsHere = block.Length / Columns;
                for (var tile = 0; tile < rowsHere; tile += RowTile)
                {
                    var rows = Math.Min(RowTile, rowsHere - tile);
                    var startRow = b * _rowsPerBlock + tile;
                    ColumnTile(block.Slice(tile * Columns + first), rows, width, h.AsSpan(startRow, rows), negativeInverse, max, sum, tileMax,
                        first: b == 0 && tile == 0);
                }
            }
            for (var j = 0; j < width; j++) result[first + j] = -eps * (max[j] + Math.Log(sum[j]));
        });
        return result;
    }

    /// <summary>Rows <c>[Start, Start + Count)</c> of the cost that block <paramref name="b"/> holds.</summary>
    private static (long Start, long Count) BlockRows(SinkhornCostPlan plan, long n, long b) =>
        (b * plan.RowsPerBlock, Math.Min(plan.RowsPerBlock, n - b * plan.RowsPerBlock));

    /// <summary><c>|x_i|^2</c> as geomloss sums them; the N x D squares are freed at once, not at the end of the build.</summary>
    private static Tensor SquaredNorms(Tensor x)
    {
        using var squares = x * x;
        return squares.sum(-1);
    }

    /// <summary>A product block <c>x_i.y_j</c> turned in place into <c>(|x_i|^2 - 2 x_i.y_j + |y_j|^2) / 2</c>.</summary>
    private static void HalfSquaredDistances(Tensor products, Tensor rowNorms, Tensor columnNorms) =>
        products.mul_(-2).add_(rowNorms.unsqueeze(1)).add_(columnNorms).div_(2);

    public void Dispose()
    {
        foreach (var block in _blocks) block.Dispose();
    }

    private Span<double> Block(int b) => MemoryMarshal.Cast<byte, double>(_blocks[b].bytes);

    /// <summary><c>max + log sum_j exp(t_j - max)</c> of <c>t_j = h_j - c_j / eps</c>: two passes over one cache-resident row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double LogSumExp(ReadOnlySpan<double> c, ReadOnlySpan<double> h, double negativeInverse)
    {
        var width = Vector512<double>.Count;
        var scale = Vector512.Create(negativeInverse);
        var vectorMax = Vector512.Create(double.NegativeInfinity);
        var j = 0;
        for (; j <= c.Length - width; j += width)
            vectorMax = Vector512.Max(vectorMax, Vector512.FusedMultiplyAdd(Vector512.Create(c[j..]), scale, Vector512.Create(h[j..])));
        var max = double.NegativeInfinity;
        for (var k = 0; k < width; k++) max = Math.Max(max, vectorMax[k]);
        for (var k = j; k < c.Length; k++) max = Math.Max(max, Math.FusedMultiplyAdd(c[k], negativeInverse, h[k]));

        var shift = Vector512.Create(max);
        var vectorSum = Vector512<double>.Zero;
        for (j = 0; j <= c.Length - width; j += width)
            vectorSum += Vector512.Exp(Vector512.Max(Vector512.FusedMultiplyAdd(Vector512.Create(c[j..]), scale, Vector512.Create(h[j..])) - shift, ExponentFloor));
        var sum = Vector512.Sum(vectorSum);
        for (var k = j; k < c.Length; k++) sum += Math.Exp(Math.FusedMultiplyAdd(c[k], negativeInverse, h[k]) - max);
        return max + Math.Log(sum);
    }

    /// <summary>
    /// Folds rows [0, rows) of a column chunk (row stride <see cref="Columns"/>, starting at <paramref name="c"/>) into the
    /// running per-column maximum and rescaled sum of <c>exp(h_i - C_ij / eps)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ColumnTile(ReadOnlySpan<double> c, int rows, int width, ReadOnlySpan<double> h, double negativeInverse,
        double[] max, double[] sum, double[] tileMax, bool first)
    {
        var vector = Vector512<double>.Count;
        var scale = Vector512.Create(negativeInverse);
        var vectorEnd = width - width % vector;
        Array.Fill(tileMax, double.NegativeInfinity);
        for (var i = 0; i < rows; i++)
        {
            var row = c.Slice(i * Columns, width);
            var hi = Vector512.Create(h[i]);
            for (var j = 0; j < vectorEnd; j += vector)
                Vector512.Max(Vector512.Create(tileMax.AsSpan(j)), Vector512.FusedMultiplyAdd(Vector512.Create(row[j..]), scale, hi)).CopyTo(tileMax, j);
            for (var j = vectorEnd; j < width; j++) tileMax[j] = Math.Max(tileMax[j], Math.FusedMultiplyAdd(row[j], negativeInverse, h[i]));
        }
        if (first)
        {
            tileMax.CopyTo(max, 0);
        }
        else
        {
            for (var j = 0; j < vectorEnd; j += vector)
            {
                var (old, grown) = (Vector512.Create(max.AsSpan(j)), Vector512.Max(Vector512.Create(max.AsSpan(j)), Vector512.Create(tileMax.AsSpan(j))));
                (Vector512.Create(sum.AsSpan(j)) * Vector512.Exp(Vector512.Max(old - grown, ExponentFloor))).CopyTo(sum, j);
                grown.CopyTo(max, j);
            }
            for (var j = vectorEnd; j < width; j++)
            {
                var grown = Math.Max(max[j], tileMax[j]);
                sum[j] *= Math.Exp(max[j] - grown);
                max[j] = grown;
            }
        }
        for (var i = 0; i < rows; i++)
        {
            var row = c.Slice(i * Columns, width);
            var hi = Vector512.Create(h[i]);
            for (var j = 0; j < vectorEnd; j += vector)
                (Vector512.Create(sum.AsSpan(j)) +
                 Vector512.Exp(Vector512.Max(Vector512.FusedMultiplyAdd(Vector512.Create(row[j..]), scale, hi) - Vector512.Create(max.AsSpan(j)), ExponentFloor)))
                    .CopyTo(sum, j);
            for (var j = vectorEnd; j < width; j++) sum[j] += Math.Exp(Math.FusedMultiplyAdd(row[j], negativeInverse, h[i]) - max[j]);
        }
    }
}
