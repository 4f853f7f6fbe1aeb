using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The exact law <c>u_t = N(m_t, S_t)</c> of the states of diffusers' DDPM sampler (1000 steps, no clipping) driven by an
/// affine noise predictor (<see cref="GaussianNoisePredictor"/>). With <c>eps(x) = G^T x - c</c> the step of
/// <see cref="DdpmScheduler"/> (DDPM eq. 7) is affine,
/// <code>
/// x_{t-1} = A_t x_t + k0 b c / a + sigma_t z,   A_t = k0 (I - b G^T) / a + k1 I,
/// k0 = sqrt(abar') beta / (1 - abar),  k1 = sqrt(alpha) (1 - abar') / (1 - abar),  alpha = abar / abar',  beta = 1 - alpha,
/// </code>
/// so from <c>x_{T-1} ~ N(0, I)</c>: <c>m_{t-1} = A m_t + k0 b c / a</c>, <c>S_{t-1} = A S A^T + sigma_t^2 I</c>. This is the density
/// <c>u_t</c> of seed 004 §6 in closed form, the reference for the classifier ratio of Appendix B.
/// </summary>
public static class GaussianReverseMoments
{
    /// <summary><c>(m_t, S_t)</c> of the state the network sees at every timestep t = T-1..0 (index t).</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance)[] Propagate(GaussianNoisePredictor model, NoiseSchedule schedule)
    {
        var d = (int)model.Config.SampleShape[0];
        var scheduler = new DdpmScheduler(schedule, clipSample: false);
        var total = schedule.Length;
        var moments = new (Vector<double>, Matrix<double>)[total];
        var identity = Matrix<double>.Build.DenseIdentity(d);
        var (mean, covariance) = (Vector<double>.Build.Dense(d), identity.Clone());
        for (var t = total - 1; t >= 0; t--)
        {
            moments[t] = (mean, covariance);
            if (t == 0) break;
            var (abar, abarPrevious) = (schedule.AlphasCumprod[t], schedule.AlphaBarOrOne(t - 1));
            var (alpha, a, b) = (abar / abarPrevious, Math.Sqrt(abar), Math.Sqrt(1 - abar));
            var k0 = Math.Sqrt(abarPrevious) * (1 - alpha) / (1 - abar);
            var k1 = Math.Sqrt(alpha) * (1 - abarPrevious) / (1 - abar);
            var (gain, offset) = model.Affine(t);
            var step = (identity - gain.Transpose() * b) * (k0 / a) + identity * k1;
            mean = step * mean + offset * (k0 * b / a);
            covariance = step * covariance * step.Transpose() + identity * scheduler.Variance(t, total);
        }
        return moments;
    }
}
