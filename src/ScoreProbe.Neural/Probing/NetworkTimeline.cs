using ScoreProbe.Core.Schedules;
using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// A network's discrete noise schedule as Core sees it: diffusers timestep i is the time <c>t = (i + 1)/N</c> of a
/// <see cref="DiscreteDdpmSchedule"/> built from the same betas (kept in double, as <see cref="NoiseSchedule"/> has them), and
/// t = 0 is clean data. At timestep i, <c>x_t = a_i x0 + b_i eps</c> with <c>a_i^2 = alphabar_i</c>, <c>b_i^2 = 1 - alphabar_i</c>, and the
/// network's score is <c>-eps_hat / b_i</c>.
/// </summary>
public sealed class NetworkTimeline
{
    public NetworkTimeline(NoiseSchedule schedule)
    {
        Schedule = schedule;
        var kind = schedule.Kind == BetaSchedule.SquaredCosCapV2 ? "squaredcos_cap_v2" : "linear";
        Continuous = new DiscreteDdpmSchedule(schedule.Length, 1e-4, 0.02, kind, float32Betas: false);
        for (var i = 0; i < schedule.Length; i++)
            if (Math.Abs(Continuous.AlphasCumprod[i] - schedule.AlphasCumprod[i]) > 1e-12)
                throw new InvalidOperationException($"Core's embedding of the schedule differs from the network's at timestep {i}");
    }

    public NoiseSchedule Schedule { get; }

    /// <summary>The same schedule in Core's continuous time.</summary>
    public DiscreteDdpmSchedule Continuous { get; }

    /// <summary>Number of training timesteps N.</summary>
    public int Length => Schedule.Length;

    /// <summary><c>t = (i + 1)/N</c>.</summary>
    public double TimeOf(int timestep) => Continuous.TimeOfStep(timestep);

    /// <summary>The timestep at time t; t must be one of the <see cref="TimeOf"/> nodes.</summary>
    public int TimestepOf(double t)
    {
        var i = (int)Math.Round(t * Length) - 1;
        if (i < 0 || i >= Length || Math.Abs(TimeOf(i) - t) > 1e-12)
            throw new ArgumentException($"t = {t} is not a timestep of the {Length}-step schedule");
        return i;
    }

    /// <summary><c>a_i = sqrt(alphabar_i)</c>.</summary>
    public double MeanScale(int timestep) => Math.Sqrt(Schedule.AlphasCumprod[timestep]);

    /// <summary><c>b_i = sqrt(1 - alphabar_i)</c>.</summary>
    public double NoiseScale(int timestep) => Math.Sqrt(1 - Schedule.AlphasCumprod[timestep]);
}
