namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// The betas and <c>alphas_cumprod</c> of diffusers' schedulers as float32 values, computed the way PyTorch's CPU
/// kernels compute them: <c>linspace</c> fills 8-wide vectors from a fused <c>start + step * i</c> base (from the end past
/// halfway) plus <c>k * step</c>, <c>cumprod</c> accumulates in double and rounds each entry. Checked bit for bit
/// against diffusers' tensors in the tests.
/// </summary>
internal static class DiffusersConstants
{
    public static NoiseSchedule Schedule(SchedulerConfig config)
    {
        var n = config.NumTrainTimesteps;
        var betas = config.BetaSchedule switch
        {
            BetaSchedule.Linear => Linspace((float)config.BetaStart, (float)config.BetaEnd, n),
            BetaSchedule.ScaledLinear => Linspace((float)Math.Sqrt(config.BetaStart), (float)Math.Sqrt(config.BetaEnd), n).Select(b => b * b).ToArray(),
            BetaSchedule.Sigmoid => Linspace(-6f, 6f, n).Select(x => Sigmoid(x) * (float)(config.BetaEnd - config.BetaStart) + (float)config.BetaStart).ToArray(),
            BetaSchedule.SquaredCosCapV2 => Core.Schedules.DiscreteDdpmSchedule.ComputeBetas(n, 0, 0, "squaredcos_cap_v2").Select(b => (float)b).ToArray(),
            _ => config.TrainedBetas!.Select(b => (float)b).ToArray(),
        };
        if (config.RescaleBetasZeroSnr) betas = RescaleZeroTerminalSnr(betas);
        var alphas = betas.Select(b => 1f - b).ToArray();
        return new NoiseSchedule(betas.Select(b => (double)b).ToArray(), CumulativeProduct(alphas).Select(a => (double)a).ToArray(), config.BetaSchedule, float32: true);
    }

    /// <summary><c>torch.linspace(start, end, n, dtype=float32)</c> as PyTorch's vectorised CPU kernel fills it.</summary>
    public static float[] Linspace(float start, float end, int n)
    {
        const int width = 8;
        var values = new float[n];
        if (n == 1) { values[0] = start; return values; }
        var step = (end - start) / (n - 1);
        var halfway = n / 2;
        float Base(int i) => i < halfway ? MathF.FusedMultiplyAdd(step, i, start) : MathF.FusedMultiplyAdd(-step, n - i - 1, end);
        var vectorised = n / (2 * width) * (2 * width);
        for (var i = 0; i < vectorised; i += width)
        {
            var b = Base(i);
            for (var k = 0; k < width; k++) values[i + k] = b + step * k;
        }
        for (var i = vectorised; i < n; i++) values[i] = Base(i);
        return values;
    }

    /// <summary><c>torch.cumprod</c> of a float32 tensor on the CPU: a double accumulator, each entry rounded to float32.</summary>
    public static float[] CumulativeProduct(IReadOnlyList<float> values)
    {
        var result = new float[values.Count];
        var product = 1.0;
        for (var i = 0; i < values.Count; i++) result[i] = (float)(product *= values[i]);
        return result;
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Lin et al. 2024, Algorithm 1, in float32: shift and scale sqrt(alphabar) so that its last entry is 0.</summary>
    private static float[] RescaleZeroTerminalSnr(float[] betas)
    {
        var root = CumulativeProduct(betas.Select(b => 1f - b).ToArray()).Select(MathF.Sqrt).ToArray();
        var (first, last) = (root[0], root[^1]);
        var factor = first / (first - last);
        var alphaBar = root.Select(r => (r - last) * factor).Select(r => r * r).ToArray();
        var rescaled = new float[betas.Length];
        rescaled[0] = 1f - alphaBar[0];
        for (var i = 1; i < betas.Length; i++) rescaled[i] = 1f - alphaBar[i] / alphaBar[i - 1];
        return rescaled;
    }
}
