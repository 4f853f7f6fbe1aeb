namespace ScoreProbe.Core.ErrorModels;

/// <summary>Which affine parts the score error has. With both, each gets half of eps^2 (eq. (14) holds with equality).</summary>
public enum ErrorParts
{
    /// <summary>Only the vector part delta (the expansion is then exact).</summary>
    Shift,

    /// <summary>Only the matrix part Delta.</summary>
    Matrix,

    /// <summary>Both, eps^2/2 each.</summary>
    Both,
}
