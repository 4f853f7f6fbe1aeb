namespace ScoreProbe.Core.Spde;

/// <summary>
/// A uniform cell-centred grid of N cells per axis on [-L, L]^d (d = 1 or 2), spacing h = 2L/N. Cell (i_0, i_1) has
/// flat index i_1 N + i_0. Faces are listed per axis: face f between cell "left" and its +1 neighbour "right" along the
/// axis; with periodic boundaries the last face of each line joins cell N-1 to cell 0 (the wrap face at x = L).
/// </summary>
public sealed class SpdeGrid
{
    public SpdeGrid(int dim, int cells, double halfWidth, SpdeBoundary boundary)
    {
        if (dim is not (1 or 2)) throw new ArgumentOutOfRangeException(nameof(dim), dim, "the SPDE solver supports d = 1 or 2.");
        if (cells < 4) throw new ArgumentOutOfRangeException(nameof(cells), cells, "need at least 4 cells per axis.");
        if (!(halfWidth > 0)) throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, "the half-width must be positive.");
        Dim = dim;
        Cells = cells;
        HalfWidth = halfWidth;
        Boundary = boundary;
        Spacing = 2 * halfWidth / cells;
        FacesPerLine = boundary == SpdeBoundary.Periodic ? cells : cells - 1;
    }

    public int Dim { get; }

    /// <summary>N, cells per axis.</summary>
    public int Cells { get; }

    /// <summary>L.</summary>
    public double HalfWidth { get; }

    public SpdeBoundary Boundary { get; }

    /// <summary>h.</summary>
    public double Spacing { get; }

    public double CellVolume => Math.Pow(Spacing, Dim);

    public int CellCount => Dim == 1 ? Cells : Cells * Cells;

    /// <summary>Faces along one axis per grid line: N - 1 interior faces, plus the wrap face when periodic.</summary>
    public int FacesPerLine { get; }

    /// <summary>Grid lines parallel to an axis: 1 in 1-D, N in 2-D.</summary>
    public int Lines => Dim == 1 ? 1 : Cells;

    public double Centre(int index) => -HalfWidth + (index + 0.5) * Spacing;

    /// <summary>Position along its axis of face f of a line: x = -L + (f + 1) h.</summary>
    public double FacePosition(int face) => -HalfWidth + (face + 1) * Spacing;

    /// <summary>Flat index of the cell at position <paramref name="along"/> on line <paramref name="line"/> parallel to <paramref name="axis"/>.</summary>
    public int CellOnLine(int axis, int line, int along) => axis == 0 ? line * Cells + along : along * Cells + line;

    /// <summary>Coordinates of the centre of a cell.</summary>
    public void CellCentre(int cell, Span<double> x)
    {
        x[0] = Centre(cell % Cells);
        if (Dim == 2) x[1] = Centre(cell / Cells);
    }

    /// <summary>Evaluates f at every cell centre and rescales to unit mass sum f |cell| = 1.</summary>
    public double[] NormalisedDensity(Func<double[], double> f)
    {
        var values = new double[CellCount];
        var x = new double[Dim];
        for (var c = 0; c < values.Length; c++)
        {
            CellCentre(c, x);
            values[c] = f(x);
        }
        var mass = values.Sum() * CellVolume;
        for (var c = 0; c < values.Length; c++) values[c] /= mass;
        return values;
    }

    public double Mass(ReadOnlySpan<double> density)
    {
        var total = 0.0;
        foreach (var v in density) total += v;
        return total * CellVolume;
    }
}
