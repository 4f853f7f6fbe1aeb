namespace ScoreProbe.Core.ErrorModels;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Box–Muller), so that a seed fixes every result.</summary>
public static class Gaussian
{
    public static double Next(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
