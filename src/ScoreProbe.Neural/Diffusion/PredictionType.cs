namespace ScoreProbe.Neural.Diffusion;

/// <summary>What the network predicts (diffusers' <c>prediction_type</c>).</summary>
public enum PredictionType
{
    /// <summary>The noise <c>eps</c> of <c>x_t = sqrt(abar) x0 + sqrt(1 - abar) eps</c>.</summary>
    Epsilon,
    /// <summary>The clean sample <c>x0</c>.</summary>
    Sample,
    /// <summary><c>v = sqrt(abar) eps - sqrt(1 - abar) x0</c> (Salimans and Ho 2022).</summary>
    VPrediction,
}
