namespace ScoreProbe.Core.Spde;

/// <summary>Sees every time step of <see cref="StochasticFiniteVolumeSolver.Run"/> (for diagnostics computed along a path).</summary>
public interface ISpdeStepObserver
{
    /// <param name="t">Time at the start of the step.</param>
    /// <param name="dt">Step length.</param>
    /// <param name="before">Cell densities at t (read only).</param>
    /// <param name="after">Cell densities at t + dt (read only).</param>
    /// <param name="displacement">The noise increments Delta W at the faces, per axis (<see cref="FluxNoise.Sample"/>); zero without noise.</param>
    void Step(double t, double dt, ReadOnlySpan<double> before, ReadOnlySpan<double> after, double[][] displacement);
}
