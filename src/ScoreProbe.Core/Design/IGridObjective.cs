namespace ScoreProbe.Core.Design;

/// <summary>A smooth function of a grid <c>t_min = t_0 &lt; ... &lt; t_K = T</c> with fixed ends, and its gradient in the interior times.</summary>
public interface IGridObjective
{
    int Steps { get; }
    double TMin { get; }
    double Horizon { get; }

    /// <summary>The function minimised (the prediction plus any feasibility barrier).</summary>
    double Value(IReadOnlyList<double> times);

    /// <summary>The predicted error itself, what records report.</summary>
    double Prediction(IReadOnlyList<double> times);

    /// <summary>The value and <c>dJ/dt_k</c> for k = 0..K (entries 0 and K, the fixed ends, are zero).</summary>
    (double Value, double[] Gradient) ValueAndGradient(IReadOnlyList<double> times);
}
