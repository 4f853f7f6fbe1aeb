namespace ScoreProbe.Core.Schedules;

/// <summary>
/// VP cosine schedule (Nichol and Dhariwal 2021): <c>alphabar(t) = f(t)/f(0)</c>, <c>f(t) = cos^2((t + s)/(1 + s) pi/2)</c>, s = 0.008,
/// so <c>beta(t) = pi/(1+s) tan((t+s)/(1+s) pi/2)</c>. beta diverges at t = 1, so the horizon is T = 0.9946 as in DPM-Solver.
/// </summary>
public sealed class VpCosineSchedule : VariancePreservingSchedule
{
    private const double S = 0.008;
    private static readonly double LogF0 = LogF(0.0);

    public override string Name => "vp-cosine";
    public override double Horizon => 0.9946;

    public override double Beta(double t) => Math.PI / (1 + S) * Math.Tan((t + S) / (1 + S) * Math.PI / 2);

    /// <summary><c>beta' = pi^2 / (2 (1+s)^2) sec^2((t+s)/(1+s) pi/2)</c>.</summary>
    public override double BetaDerivative(double t)
    {
        var cos = Math.Cos((t + S) / (1 + S) * Math.PI / 2);
        return Math.PI * Math.PI / (2 * (1 + S) * (1 + S)) / (cos * cos);
    }
    public override double LogAlphaBar(double t) => LogF(t) - LogF0;

    private static double LogF(double t) => 2.0 * Math.Log(Math.Cos((t + S) / (1 + S) * Math.PI / 2));
}
