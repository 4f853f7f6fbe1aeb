using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// One step of the sampling loop, from t_{k+1} to t_k (<see cref="TargetIndex"/> = k). <see cref="Evaluations"/> maps the
/// sampler's stages to indices of the score-evaluation times, the index set of the error process.
/// </summary>
public sealed record SamplerStep(int TargetIndex, StepContext Context, IReadOnlyList<int> Evaluations, double NoiseStd);
