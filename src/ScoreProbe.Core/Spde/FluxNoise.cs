namespace ScoreProbe.Core.Spde;

/// <summary>
/// The Q-Wiener velocity field W_Q = (W^1, ..., W^d) of paper 004 §3.2, truncated to K sine modes per axis: each
/// component is W^c(t, x) = sigma sum_k sqrt(q_k) e_k(x) beta^c_k(t) with independent Brownian motions beta,
/// e_k(x) = prod_axes sin(k_axis pi (x_axis + L) / (2L)) and q_k = 1 / |k|^2 (k_axis = 1..K). The sines vanish on the
/// boundary, so the noise never pushes mass through a wall. Over a step dt the increment at a face of axis c is
/// Delta W^c = sigma sqrt(dt) sum_k sqrt(q_k) e_k(face) xi_k with xi ~ N(0, 1), evaluated separably (K^2 + K per face).
/// </summary>
public sealed class FluxNoise
{
    private readonly SpdeGrid _grid;
    private readonly int _modes;
    private readonly double[,] _atFaces;   // [face position f, mode k]
    private readonly double[,] _atCentres; // [centre index i, mode k]
    private readonly double[,] _sqrtQ;     // [k_along, k_across]; 1-D uses column 0

    public FluxNoise(SpdeGrid grid, int modes, double amplitude)
    {
        if (modes < 1) throw new ArgumentOutOfRangeException(nameof(modes), modes, "need at least one noise mode.");
        if (!(amplitude >= 0)) throw new ArgumentOutOfRangeException(nameof(amplitude), amplitude, "the noise amplitude must be >= 0.");
        _grid = grid;
        _modes = modes;
        Amplitude = amplitude;
        double Sine(int k, double x) => Math.Sin(k * Math.PI * (x + grid.HalfWidth) / (2 * grid.HalfWidth));
        _atFaces = new double[grid.FacesPerLine, modes];
        _atCentres = new double[grid.Cells, modes];
        for (var k = 0; k < modes; k++)
        {
            for (var f = 0; f < grid.FacesPerLine; f++) _atFaces[f, k] = Sine(k + 1, grid.FacePosition(f));
            for (var i = 0; i < grid.Cells; i++) _atCentres[i, k] = Sine(k + 1, grid.Centre(i));
        }
        var across = grid.Dim == 1 ? 1 : modes;
        _sqrtQ = new double[modes, across];
        for (var k = 0; k < modes; k++)
            for (var l = 0; l < across; l++)
                _sqrtQ[k, l] = 1.0 / Math.Sqrt((k + 1) * (k + 1) + (grid.Dim == 1 ? 0 : (l + 1) * (l + 1)));
    }

    /// <summary>sigma.</summary>
    public double Amplitude { get; }

    /// <summary>sqrt(sum_k q_k max e_k^2) &gt;= the standard deviation of W^c(1, x) / sigma at any x.</summary>
    public double StandardDeviationBound()
    {
        var total = 0.0;
        foreach (var s in _sqrtQ) total += s * s;
        return Math.Sqrt(total);
    }

    /// <summary>
    /// <c>Var(sum_faces a_f Delta W_f)</c> over one step of length dt, for weights <c>a[axis][line * FacesPerLine + f]</c>:
    /// the components are independent and <c>Delta W^c_f = sigma sqrt(dt) sum_kl sqrt(q_kl) e_k(face f) e_l(line) xi_kl</c>, so
    /// the variance is <c>sigma^2 dt sum_c sum_kl q_kl (sum_{line, f} a e_k(f) e_l(line))^2</c> (Ito isometry).
    /// </summary>
    public double IncrementVariance(double[][] weights, double dt)
    {
        var across = _sqrtQ.GetLength(1);
        var total = 0.0;
        for (var axis = 0; axis < _grid.Dim; axis++)
            for (var k = 0; k < _modes; k++)
                for (var l = 0; l < across; l++)
                {
                    var projection = 0.0;
                    for (var line = 0; line < _grid.Lines; line++)
                    {
                        var acrossFactor = _grid.Dim == 1 ? 1.0 : _atCentres[line, l];
                        for (var f = 0; f < _grid.FacesPerLine; f++)
                            projection += weights[axis][line * _grid.FacesPerLine + f] * _atFaces[f, k] * acrossFactor;
                    }
                    total += _sqrtQ[k, l] * _sqrtQ[k, l] * projection * projection;
                }
        return Amplitude * Amplitude * dt * total;
    }

    /// <summary>Draws the face displacements Delta W along every axis for a step of length dt into displacement[axis][line * FacesPerLine + f].</summary>
    public void Sample(Random random, double dt, double[][] displacement)
    {
        var scale = Amplitude * Math.Sqrt(dt);
        var across = _sqrtQ.GetLength(1);
        var coefficients = new double[_modes, across];
        var perMode = new double[_modes];
        for (var axis = 0; axis < _grid.Dim; axis++)
        {
            for (var k = 0; k < _modes; k++)
                for (var l = 0; l < across; l++)
                    coefficients[k, l] = scale * _sqrtQ[k, l] * MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
            var target = displacement[axis];
            for (var line = 0; line < _grid.Lines; line++)
            {
                // Across-axis factor: sum_l c_kl e_l(centre of this line); in 1-D the single column.
                for (var k = 0; k < _modes; k++)
                {
                    if (_grid.Dim == 1) { perMode[k] = coefficients[k, 0]; continue; }
                    var sum = 0.0;
                    for (var l = 0; l < across; l++) sum += coefficients[k, l] * _atCentres[line, l];
                    perMode[k] = sum;
                }
                for (var f = 0; f < _grid.FacesPerLine; f++)
                {
                    var value = 0.0;
                    for (var k = 0; k < _modes; k++) value += _atFaces[f, k] * perMode[k];
                    target[line * _grid.FacesPerLine + f] = value;
                }
            }
        }
    }
}
