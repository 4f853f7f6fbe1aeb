using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.LinearAlgebra;

/// <summary>
/// <see cref="FrechetLinearAlgebra"/> on libtorch's CPU linear algebra (its LAPACK and BLAS, the MKL build TorchSharp ships),
/// in float64, on <see cref="NativeLoader.ThreadCount"/> threads. Chosen over a Math.NET native provider because it is
/// already a dependency of ScoreProbe.Neural (no second 100 MB native package; Math.NET's MKL provider is not served here)
/// and because Core must stay free of native code: the routes stay in Core, only these kernels run natively.
/// </summary>
/// <remarks>
/// Math.NET stores a dense r x c matrix column-major, which is the row-major layout of its transpose: a matrix crosses into
/// a [c, r] tensor with one copy and is used through a transposed view, so no extra copy is made for the orientation.
/// </remarks>
public sealed class TorchLinearAlgebra : FrechetLinearAlgebra
{
    public static TorchLinearAlgebra Instance { get; } = new();

    private TorchLinearAlgebra() => NativeLoader.EnsureLoaded();

    /// <summary>Columns per block of the covariance's Gram product.</summary>
    private const int GramBlock = 256;

    /// <summary>
    /// Means and covariance in one crossing. The Gram matrix of the centred rows is formed in blocks of
    /// <see cref="GramBlock"/> columns, the lower triangle of blocks only, each mirrored: <c>(k + 1) / 2k</c> of a full
    /// product's flops for k blocks (0.56 at d = 2048), since libtorch exposes no symmetric rank-k update; diagonal blocks are
    /// averaged with their transposes, so the covariance is exactly symmetric.
    /// </summary>
    public override (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Matrix<double> rows)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var d = rows.ColumnCount;
        // Of copies the storage, so the rows are centred in that copy: no second n x d block.
        var centred = Of(rows).t();
        var mean = centred.mean([1]);
        centred.sub_(mean.unsqueeze(1));
        var gram = empty([d, d], ScalarType.Float64);
        for (var i = 0; i < d; i += GramBlock)
        {
            var rowsI = Math.Min(GramBlock, d - i);
            for (var j = 0; j <= i; j += GramBlock)
            {
                using var block = NewDisposeScope();
                var columnsJ = Math.Min(GramBlock, d - j);
                var product = centred.narrow(0, i, rowsI).matmul(centred.narrow(0, j, columnsJ).t());
                if (i == j) product = (product + product.t()) / 2;
                gram.narrow(0, i, rowsI).narrow(1, j, columnsJ).copy_(product);
                if (i != j) gram.narrow(0, j, columnsJ).narrow(1, i, rowsI).copy_(product.t());
            }
        }
        gram.div_(rows.RowCount - 1);
        return (Vector<double>.Build.Dense(mean.data<double>().ToArray()), ToMatrix(gram));
    }

    public override Matrix<double> Multiply(Matrix<double> a, Matrix<double> b) => Run(() => Of(a).matmul(Of(b)));

    public override Matrix<double> TransposeThisAndMultiply(Matrix<double> a, Matrix<double> b) => Run(() => Of(a).t().matmul(Of(b)));

    public override Matrix<double> TransposeAndMultiply(Matrix<double> a, Matrix<double> b) => Run(() => Of(a).matmul(Of(b).t()));

    public override double[] SingularValues(Matrix<double> a) => Values(() => linalg.svdvals(Of(a)));

    public override double[] SymmetricEigenvalues(Matrix<double> symmetric) => Values(() => linalg.eigvalsh(Symmetric(symmetric), 'L'));

    public override (double[] Values, Matrix<double> Vectors) SymmetricEigenvectors(Matrix<double> symmetric)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (values, vectors) = linalg.eigh(Symmetric(symmetric), 'L');
        return (values.data<double>().ToArray(), ToMatrix(vectors));
    }

    public override Matrix<double>? Cholesky(Matrix<double> spd)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (factor, info) = linalg.cholesky_ex(Symmetric(spd), check_errors: false);
        return info.item<int>() == 0 ? ToMatrix(factor) : null;
    }

    /// <summary>The tensor holding <c>A</c> (a transposed view of A's column-major storage).</summary>
    private static Tensor Of(Matrix<double> a)
    {
        var storage = a.AsColumnMajorArray() ?? a.ToColumnMajorArray();
        return tensor(storage, [a.ColumnCount, a.RowCount], ScalarType.Float64).t();
    }

    /// <summary>The symmetric part of A: symmetric routines read one triangle only, this keeps them equal to Math.NET's.</summary>
    private static Tensor Symmetric(Matrix<double> a)
    {
        var t = Of(a);
        return (t + t.t()) / 2;
    }

    private static Matrix<double> ToMatrix(Tensor t)
    {
        using var columnMajor = t.t().contiguous();
        return Matrix<double>.Build.Dense((int)t.shape[0], (int)t.shape[1], columnMajor.data<double>().ToArray());
    }

    private static Matrix<double> Run(Func<Tensor> product)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return ToMatrix(product());
    }

    private static double[] Values(Func<Tensor> values)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return values().data<double>().ToArray();
    }
}
