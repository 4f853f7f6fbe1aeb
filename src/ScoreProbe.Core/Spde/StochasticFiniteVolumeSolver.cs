using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Spde;

/// <summary>
/// Conservative, positivity-preserving finite-volume solver for the Stratonovich SPDE of paper 004 §5 (eq. (7)/(8)),
/// du = -div F dt - div(u o dW_Q), F = c u grad log v_t - grad u.
/// <para>Space: the drift-diffusion flux F uses the Scharfetter–Gummel (exponential fitting) form
/// F = (B(-z) u_L - B(z) u_R) / h with z = b h, b = c d/dx log v_t at the face and B(z) = z / (e^z - 1) &gt;= 0: second
/// order where b h is small, upwind where it is large, exact for a locally constant drift. The noise flux u dW is upwinded
/// on the face displacement Delta W (first order).</para>
/// <para>Time: stochastic Heun with one Wiener increment per step, u* = E(u, t), u_{n+1} = (u + E(u*, t + dt)) / 2, which
/// converges to the Stratonovich solution. E is a forward-Euler transfer step.</para>
/// <para>Mass: every face transfer leaves one cell and enters the other, so sum u |cell| is conserved to rounding; the
/// boundary faces carry no flux (zero-flux) or wrap (periodic). Positivity: the Euler step has non-negative neighbour
/// coefficients (B &gt;= 0, upwinding) and dt &lt;= Courant h^2 / (2 d (1 + max|b| h)) keeps the own-cell coefficient
/// non-negative; the Gaussian noise displacement is unbounded, so a limiter scales all outgoing transfers of a cell whose
/// outflow would exceed its content (which keeps conservation). Heun is a convex combination of two such steps, hence
/// positive too.</para>
/// </summary>
public sealed class StochasticFiniteVolumeSolver
{
    /// <summary>Time steps one realisation may take; above it the step size has collapsed (and the step counter would overflow).</summary>
    public const double MaxStepsPerRealisation = 1e8;

    /// <summary>
    /// Cell updates (steps x cells x realisations) one ensemble may take: about a day of one core at the 1e7 updates per
    /// second measured in 1-D. The largest grid the command used to allow (2-D, 512 cells per axis, 16 realisations) is
    /// estimated at 2e11.
    /// </summary>
    public const double WorkBudget = 1e12;

    private readonly SpdeConfig _config;
    private readonly HeatTarget _target;
    private readonly SpdeGrid _grid;
    private readonly FluxNoise _noise;
    private readonly double _driftFactor;

    public StochasticFiniteVolumeSolver(SpdeConfig config)
    {
        config.Validate();
        _config = config;
        _target = config.Target;
        _grid = new SpdeGrid(config.Dim, config.Cells, config.HalfWidth ?? _target.SuggestedHalfWidth(), config.Boundary);
        _noise = new FluxNoise(_grid, config.NoiseModes, config.NoiseAmplitude);
        _driftFactor = config.Form == SpdeDriftForm.ReverseFokkerPlanck ? 2.0 : 1.0;
        CheckInitialMass();
        CheckWorkBudget();
    }


    public SpdeGrid Grid => _grid;

    /// <summary>The record times t_r = T r / (RecordPoints - 1).</summary>
    public double[] RecordTimes() => Enumerable.Range(0, _config.RecordPoints).Select(r => _target.Horizon * r / (_config.RecordPoints - 1)).ToArray();

    /// <summary>v_t on the grid (cell-centre values scaled to unit mass), the reference for KL.</summary>
    public double[] TargetDensity(double t) => _grid.NormalisedDensity(x => _target.Density(TargetTime(t), x));

    /// <summary>The time at which the target is evaluated: t itself, or T when the target is frozen.</summary>
    private double TargetTime(double t) => _config.FreezeTarget ? _target.Horizon : t;

    /// <summary>u_0: v_0 shifted by <see cref="SpdeConfig.InitialShift"/> along the first axis, on the grid.</summary>
    public double[] InitialDensity() => _grid.NormalisedDensity(InitialValue);

    private double InitialValue(double[] x)
    {
        x[0] -= _config.InitialShift;
        return _target.Density(TargetTime(0.0), x);
    }

    /// <summary>
    /// An upper estimate of the time steps of one realisation: the horizon over the step-size rule at the steepest drift,
    /// which is at the narrowest target v_T = p_0, plus one partial step per record time.
    /// </summary>
    public double StepEstimate() => _target.Horizon / StableStep(SteepestVelocity()) + _config.RecordPoints;

    private double SteepestVelocity() =>
        FaceVelocities(_target.Horizon, Enumerable.Range(0, _grid.Dim).Select(_ => new double[_grid.Lines * _grid.FacesPerLine]).ToArray());

    /// <summary>u_0 must lie on the grid: a shift or smoothing that pushes its mass off [-L, L]^d would be renormalised into nonsense.</summary>
    private void CheckInitialMass()
    {
        var x = new double[_grid.Dim];
        var captured = 0.0;
        for (var c = 0; c < _grid.CellCount; c++)
        {
            _grid.CellCentre(c, x);
            captured += InitialValue(x);
        }
        captured *= _grid.CellVolume;
        if (captured >= 0.99) return;
        var held = double.IsFinite(captured) ? $"only {captured:P1} of u_0 lies" : "u_0 cannot be evaluated";
        var grid = $"the grid [-{_grid.HalfWidth:G4}, {_grid.HalfWidth:G4}]";
        throw _config.InitialShift != 0 ? new InvalidConfigurationException("initial-shift", $"{Guard.Show(_config.InitialShift)} moves u_0 off {grid}: {held} on it; use a smaller shift")
            : _config.HalfWidth is not null ? new InvalidConfigurationException("half-width", $"{Guard.Show(_grid.HalfWidth)} cuts u_0 off: {held} on {grid}; widen the grid")
            : new InvalidConfigurationException("horizon", $"{Guard.Show(_target.Horizon)} smooths v_0 beyond what the grid can hold: {held} on {grid}; use a smaller horizon");
    }

    /// <summary>Steps per realisation and total cell updates against their budgets, before any work.</summary>
    private void CheckWorkBudget()
    {
        var velocity = SteepestVelocity();
        var steps = _target.Horizon / StableStep(velocity) + _config.RecordPoints;
        var noiseLimited = StableStep(velocity) < DriftStep(velocity);
        if (!(steps <= MaxStepsPerRealisation))
        {
            var needs = double.IsFinite(steps) ? $"needs about {steps:G3} time steps per realisation" : "makes the stable time step underflow to 0";
            throw noiseLimited
                ? new InvalidConfigurationException("noise-amplitude", $"{Guard.Show(_noise.Amplitude)} {needs} (the stable step shrinks as 1/sigma^2; at most {MaxStepsPerRealisation:G3} steps are allowed); use a smaller noise amplitude")
                : new InvalidConfigurationException("cells", $"{_config.Cells} {needs} (the stable step shrinks as h^2; at most {MaxStepsPerRealisation:G3} steps are allowed); use fewer cells");
        }
        var perRealisation = steps * _grid.CellCount;
        if (perRealisation * _config.Realisations <= WorkBudget) return;
        var total = $"{steps:G3} steps x {_grid.CellCount} cells x {_config.Realisations} realisations = {perRealisation * _config.Realisations:G3} cell updates, over the budget of {WorkBudget:G3}";
        throw perRealisation * Math.Min(_config.Realisations, Environment.ProcessorCount) <= WorkBudget
            ? new InvalidConfigurationException("realisations", $"{_config.Realisations} needs {total}; use fewer realisations")
            : noiseLimited
                ? new InvalidConfigurationException("noise-amplitude", $"{Guard.Show(_noise.Amplitude)} needs {total}; use a smaller noise amplitude")
                : new InvalidConfigurationException("cells", $"{_config.Cells} needs {total}; use fewer cells");
    }

    /// <summary>The Q-Wiener noise the solver draws (its modes and amplitude).</summary>
    public FluxNoise Noise => _noise;

    /// <param name="realisation">Index of the noise realisation (seeded from (Seed, realisation)).</param>
    /// <param name="observer">Sees every time step: the density before and after it and the noise increment it used.</param>
    public SpdeRealisation Run(int realisation, ISpdeStepObserver? observer = null)
    {
        var random = new Random(unchecked(_config.Seed * 1_000_003 + realisation));
        var faces = _grid.Lines * _grid.FacesPerLine;
        var displacement = Enumerable.Range(0, _grid.Dim).Select(_ => new double[faces]).ToArray();
        var velocity = Enumerable.Range(0, _grid.Dim).Select(_ => new double[faces]).ToArray();
        var velocityNext = Enumerable.Range(0, _grid.Dim).Select(_ => new double[faces]).ToArray();
        var transfer = Enumerable.Range(0, _grid.Dim).Select(_ => new double[faces]).ToArray();
        var outflow = new double[_grid.CellCount];
        var scale = new double[_grid.CellCount];
        var stage = new double[_grid.CellCount];
        var next = new double[_grid.CellCount];
        var before = observer is null ? [] : new double[_grid.CellCount];
        var u = InitialDensity();

        var times = RecordTimes();
        var kl = new double[times.Length];
        kl[0] = DiscreteKl.Compute(u, TargetDensity(0.0), _grid.CellVolume);
        double maxMassError = Math.Abs(_grid.Mass(u) - 1.0), minDensity = u.Min();
        int steps = 0, limitedSteps = 0;
        var t = 0.0;
        var maxVelocity = FaceVelocities(t, velocity);
        for (var r = 1; r < times.Length; r++)
        {
            while (t < times[r])
            {
                var dt = StableStep(maxVelocity);
                var last = t + dt >= times[r] - 1e-9 * dt;
                if (last) dt = times[r] - t;
                if (_noise.Amplitude > 0) _noise.Sample(random, dt, displacement);
                // Stochastic Heun: both stages use the same Wiener increment; the second sees the drift at t + dt.
                var limited = EulerTransfer(u, dt, velocity, displacement, transfer, outflow, scale, stage);
                maxVelocity = FaceVelocities(t + dt, velocityNext);
                limited |= EulerTransfer(stage, dt, velocityNext, displacement, transfer, outflow, scale, next);
                if (observer is not null) Array.Copy(u, before, u.Length);
                for (var c = 0; c < u.Length; c++) u[c] = 0.5 * (u[c] + next[c]);
                observer?.Step(t, dt, before, u, displacement);
                (velocity, velocityNext) = (velocityNext, velocity);
                t = last ? times[r] : t + dt;
                steps++;
                if (limited) limitedSteps++;
            }
            kl[r] = DiscreteKl.Compute(u, TargetDensity(t), _grid.CellVolume);
            maxMassError = Math.Max(maxMassError, Math.Abs(_grid.Mass(u) - 1.0));
            minDensity = Math.Min(minDensity, u.Min());
        }
        return new SpdeRealisation(kl, maxMassError, minDensity, steps, limitedSteps, u);
    }

    /// <summary>
    /// dt &lt;= Courant h^2 / (2 d (1 + max|b| h)) keeps the own-cell coefficient of the Euler step non-negative; with noise,
    /// also dt &lt;= (Courant h / (6 d sigma sqrt(sum q)))^2 so that a 3-sd displacement moves at most Courant h / (2d).
    /// </summary>
    private double StableStep(double maxVelocity)
    {
        var h = _grid.Spacing;
        var dt = DriftStep(maxVelocity);
        var noiseScale = _noise.Amplitude * _noise.StandardDeviationBound();
        return noiseScale > 0 && _config.LimitStepByNoise ? Math.Min(dt, Math.Pow(_config.Courant * h / (2 * _grid.Dim * 3 * noiseScale), 2)) : dt;
    }

    private double DriftStep(double maxVelocity) => _config.Courant * _grid.Spacing * _grid.Spacing / (2 * _grid.Dim * (1 + maxVelocity * _grid.Spacing));

    /// <summary>b = c d/dx_axis log v_t at every face; returns max |b|.</summary>
    private double FaceVelocities(double t, double[][] velocity)
    {
        Span<double> x = stackalloc double[_grid.Dim];
        var max = 0.0;
        for (var axis = 0; axis < _grid.Dim; axis++)
            for (var line = 0; line < _grid.Lines; line++)
                for (var f = 0; f < _grid.FacesPerLine; f++)
                {
                    x[axis] = _grid.FacePosition(f);
                    if (_grid.Dim == 2) x[1 - axis] = _grid.Centre(line);
                    var b = _driftFactor * _target.GradLog(TargetTime(t), x, axis);
                    velocity[axis][line * _grid.FacesPerLine + f] = b;
                    max = Math.Max(max, Math.Abs(b));
                }
        return max;
    }

    /// <summary>One forward-Euler transfer step u -&gt; result; returns whether the positivity limiter acted.</summary>
    private bool EulerTransfer(double[] u, double dt, double[][] velocity, double[][] displacement, double[][] transfer, double[] outflow, double[] scale, double[] result)
    {
        var h = _grid.Spacing;
        var n = _grid.Cells;
        Array.Clear(outflow);
        for (var axis = 0; axis < _grid.Dim; axis++)
            for (var line = 0; line < _grid.Lines; line++)
                for (var f = 0; f < _grid.FacesPerLine; f++)
                {
                    var id = line * _grid.FacesPerLine + f;
                    int left = _grid.CellOnLine(axis, line, f), right = _grid.CellOnLine(axis, line, (f + 1) % n);
                    var z = velocity[axis][id] * h;
                    var drift = (Bernoulli(-z) * u[left] - Bernoulli(z) * u[right]) / h;
                    var w = displacement[axis][id];
                    var amount = dt * drift + (w > 0 ? w * u[left] : w * u[right]);
                    transfer[axis][id] = amount;
                    outflow[amount > 0 ? left : right] += Math.Abs(amount);
                }
        // outflow[c] / h is the density cell c would lose; where that exceeds u[c], all its outgoing transfers shrink
        // by the same factor (kept a hair below the exact ratio so rounding cannot produce a negative value).
        var limited = false;
        for (var c = 0; c < outflow.Length; c++)
        {
            var tooMuch = outflow[c] > u[c] * h;
            scale[c] = tooMuch ? u[c] * h * (1 - 1e-12) / outflow[c] : 1.0;
            limited |= tooMuch;
        }
        Array.Copy(u, result, u.Length);
        for (var axis = 0; axis < _grid.Dim; axis++)
            for (var line = 0; line < _grid.Lines; line++)
                for (var f = 0; f < _grid.FacesPerLine; f++)
                {
                    var id = line * _grid.FacesPerLine + f;
                    int left = _grid.CellOnLine(axis, line, f), right = _grid.CellOnLine(axis, line, (f + 1) % n);
                    var amount = transfer[axis][id];
                    amount *= scale[amount > 0 ? left : right];
                    result[left] -= amount / h;
                    result[right] += amount / h;
                }
        return limited;
    }

    /// <summary>
    /// Bernoulli function B(z) = z / (e^z - 1), B(0) = 1. Below |z| = 1e-4 the series 1 - z/2 + z^2/12 (error z^4/720);
    /// above it the direct quotient, whose cancellation error is about 1e-16/|z| &lt;= 1e-12 (and which, unlike Math.NET's
    /// Expm1, does not allocate in this hot loop).
    /// </summary>
    private static double Bernoulli(double z) => Math.Abs(z) < 1e-4 ? 1.0 - z * (0.5 - z / 12.0) : z / (Math.Exp(z) - 1.0);
}
