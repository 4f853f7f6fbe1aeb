namespace ScoreProbe.Core.Statistics;

/// <summary>A correlation coefficient with its two-sided p-value for the null hypothesis of no association.</summary>
/// <param name="Coefficient">The correlation in [-1, 1].</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="N">Number of pairs.</param>
public sealed record CorrelationTest(double Coefficient, double PValue, int N);
