namespace ScoreProbe.Core.Spde;

/// <summary>
/// The quadratic variation of <c>X_t = &lt;u_t, phi&gt;</c> along one realisation of the SPDE, computed four ways (paper 004 §6):
/// <list type="bullet">
/// <item><c>Path</c>: <c>sum_n (X_{n+1} - X_n)^2</c> over the solver's steps, the quadratic variation itself (drift included; its
/// share vanishes with the step).</item>
/// <item><c>FromDiscrepancy</c>: §6's estimator, <c>sum_n (&lt;u_n Z_n, grad phi&gt;)^2 dt</c> with the noise realisation
/// <c>Z_n = Delta W_n / sqrt(dt)</c>, which in the score model is the score discrepancy <c>s_theta - grad log v - mu</c>.</item>
/// <item><c>Expected</c>: its conditional expectation given the path, <c>sum_n Var(&lt;u_n Delta W_n, grad phi&gt;)</c> (Ito isometry).</item>
/// <item><c>Concentrated</c>: §6's next step, <c>grad phi ~ -(d + 1) C_phi x / (eps + |x|^2)</c> with <c>C_phi = X_n / &lt;u_n, 1&gt;</c>, the
/// typical value of phi under u ("phi acts as a scalar multiplier" in high dimension).</item>
/// <item><c>ExpectedConcentrated</c>: the conditional expectation of <c>Concentrated</c> given the path.</item>
/// </list>
/// On the grid <c>&lt;u Delta W, grad phi&gt; = sum_faces Delta W_f (u_L + u_R)/2 (d phi/dx)(x_f) h^d</c>.
/// </summary>
/// <param name="Path">Realised quadratic variation of X over [0, T].</param>
/// <param name="FromDiscrepancy">§6's sum of squared martingale increments built from the noise (the score discrepancy).</param>
/// <param name="Expected">The conditional expectation of <paramref name="FromDiscrepancy"/> given the path.</param>
/// <param name="Concentrated">The estimator with §6's concentration approximation of grad phi.</param>
/// <param name="ExpectedConcentrated">The conditional expectation of <paramref name="Concentrated"/> given the path.</param>
public sealed record ProjectedQuadraticVariation(double Path, double FromDiscrepancy, double Expected, double Concentrated, double ExpectedConcentrated)
{
    /// <summary>Runs realisation <paramref name="realisation"/> of <paramref name="solver"/> and accumulates the four sums.</summary>
    public static ProjectedQuadraticVariation Measure(StochasticFiniteVolumeSolver solver, LorentzTestFunction phi, int realisation)
    {
        var observer = new Accumulator(solver, phi);
        solver.Run(realisation, observer);
        return new ProjectedQuadraticVariation(observer.Path, observer.FromDiscrepancy, observer.Expected, observer.Concentrated, observer.ExpectedConcentrated);
    }

    private sealed class Accumulator : ISpdeStepObserver
    {
        private readonly StochasticFiniteVolumeSolver _solver;
        private readonly SpdeGrid _grid;
        private readonly double[] _phiAtCells;
        private readonly double[][] _gradientAtFaces, _weightAtFaces, _a, _concentratedA;

        public Accumulator(StochasticFiniteVolumeSolver solver, LorentzTestFunction phi)
        {
            if (phi.Dim != solver.Grid.Dim) throw new ArgumentException($"the test function has dimension {phi.Dim}, the grid {solver.Grid.Dim}.");
            _solver = solver;
            _grid = solver.Grid;
            var x = new double[_grid.Dim];
            _phiAtCells = Enumerable.Range(0, _grid.CellCount).Select(c => { _grid.CellCentre(c, x); return phi.Value(x); }).ToArray();
            var faces = _grid.Lines * _grid.FacesPerLine;
            (_gradientAtFaces, _weightAtFaces, _a, _concentratedA) = (Faces(faces), Faces(faces), Faces(faces), Faces(faces));
            for (var axis = 0; axis < _grid.Dim; axis++)
                for (var line = 0; line < _grid.Lines; line++)
                    for (var f = 0; f < _grid.FacesPerLine; f++)
                    {
                        x[axis] = _grid.FacePosition(f);
                        if (_grid.Dim == 2) x[1 - axis] = _grid.Centre(line);
                        _gradientAtFaces[axis][line * _grid.FacesPerLine + f] = phi.Gradient(x, axis);
                        _weightAtFaces[axis][line * _grid.FacesPerLine + f] = -(phi.Dim + 1) * phi.Weight(x, axis);
                    }
        }

        public double Path { get; private set; }
        public double FromDiscrepancy { get; private set; }
        public double Expected { get; private set; }
        public double Concentrated { get; private set; }
        public double ExpectedConcentrated { get; private set; }

        public void Step(double t, double dt, ReadOnlySpan<double> before, ReadOnlySpan<double> after, double[][] displacement)
        {
            var volume = _grid.CellVolume;
            double xBefore = 0, xAfter = 0, mass = 0;
            for (var c = 0; c < before.Length; c++)
            {
                xBefore += before[c] * _phiAtCells[c] * volume;
                xAfter += after[c] * _phiAtCells[c] * volume;
                mass += before[c] * volume;
            }
            Path += (xAfter - xBefore) * (xAfter - xBefore);
            var typicalPhi = xBefore / mass;
            double increment = 0, concentrated = 0;   // <u Delta W, grad phi> exactly and concentrated
            for (var axis = 0; axis < _grid.Dim; axis++)
                for (var line = 0; line < _grid.Lines; line++)
                    for (var f = 0; f < _grid.FacesPerLine; f++)
                    {
                        var id = line * _grid.FacesPerLine + f;
                        var uFace = 0.5 * (before[_grid.CellOnLine(axis, line, f)] + before[_grid.CellOnLine(axis, line, (f + 1) % _grid.Cells)]);
                        _a[axis][id] = uFace * _gradientAtFaces[axis][id] * volume;
                        _concentratedA[axis][id] = uFace * typicalPhi * _weightAtFaces[axis][id] * volume;
                        increment += displacement[axis][id] * _a[axis][id];
                        concentrated += displacement[axis][id] * _concentratedA[axis][id];
                    }
            FromDiscrepancy += increment * increment;                      // (<u Z, grad phi>)^2 dt with Z = Delta W / sqrt(dt)
            Concentrated += concentrated * concentrated;
            Expected += _solver.Noise.IncrementVariance(_a, dt);
            ExpectedConcentrated += _solver.Noise.IncrementVariance(_concentratedA, dt);
        }

        private double[][] Faces(int count) => Enumerable.Range(0, _grid.Dim).Select(_ => new double[count]).ToArray();
    }
}
