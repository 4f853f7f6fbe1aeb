using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>The affine score error e_t(x) = -Delta x + delta (paper 000 §7) at one time: Delta is d x d, delta in R^d.</summary>
public sealed record AffineCoefficients(Matrix<double> Delta, Vector<double> Shift);
