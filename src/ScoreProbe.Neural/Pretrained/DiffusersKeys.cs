using System.Text.RegularExpressions;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// State-dict names of a <see cref="Models.UNet2D"/> against diffusers' <c>UNet2DModel</c>. ScoreProbe's names keep the
/// spelling its checkpoints have always had; diffusers differs in five places:
/// <c>mid_block.resnet_N</c> = <c>mid_block.resnets.N</c>, <c>mid_block.attention</c> = <c>mid_block.attentions.0</c>,
/// <c>to_out</c> = <c>to_out.0</c>, <c>downsamplers.0.weight</c> = <c>downsamplers.0.conv.weight</c> (also bias, and for
/// <c>upsamplers</c>). Files from diffusers before 0.14 name the attention projections <c>query</c>, <c>key</c>,
/// <c>value</c>, <c>proj_attn</c> (now <c>to_q</c>, <c>to_k</c>, <c>to_v</c>, <c>to_out.0</c>), and old Fourier
/// embeddings <c>time_proj.W</c>.
/// </summary>
public static partial class DiffusersKeys
{
    /// <summary>ScoreProbe's name of a diffusers key (current or pre-0.14 spelling).</summary>
    public static string ToScoreProbe(string key)
    {
        key = OldAttention().Replace(key, m => $"{m.Groups[1].Value}.{m.Groups[2].Value switch
        {
            "query" => "to_q",
            "key" => "to_k",
            "value" => "to_v",
            _ => "to_out.0",
        }}.");
        if (key == "time_proj.W") key = "time_proj.weight";
        key = DiffusersMidResnet().Replace(key, "mid_block.resnet_$1.");
        key = key.Replace("mid_block.attentions.0.", "mid_block.attention.", StringComparison.Ordinal);
        key = DiffusersOut().Replace(key, ".to_out.$1");
        return DiffusersResampler().Replace(key, "$1.0.$2");
    }

    /// <summary>diffusers' name of a ScoreProbe key.</summary>
    public static string ToDiffusers(string key)
    {
        key = ScoreProbeMidResnet().Replace(key, "mid_block.resnets.$1.");
        key = key.Replace("mid_block.attention.", "mid_block.attentions.0.", StringComparison.Ordinal);
        key = ScoreProbeOut().Replace(key, ".to_out.0.$1");
        return ScoreProbeResampler().Replace(key, "$1.0.conv.$2");
    }

    [GeneratedRegex(@"(attentions\.\d+)\.(query|key|value|proj_attn)\.")]
    private static partial Regex OldAttention();

    [GeneratedRegex(@"^mid_block\.resnets\.(\d+)\.")]
    private static partial Regex DiffusersMidResnet();

    [GeneratedRegex(@"^mid_block\.resnet_(\d+)\.")]
    private static partial Regex ScoreProbeMidResnet();

    [GeneratedRegex(@"\.to_out\.0\.(weight|bias)$")]
    private static partial Regex DiffusersOut();

    [GeneratedRegex(@"\.to_out\.(weight|bias)$")]
    private static partial Regex ScoreProbeOut();

    [GeneratedRegex(@"((?:down|up)samplers)\.0\.conv\.(weight|bias)$")]
    private static partial Regex DiffusersResampler();

    [GeneratedRegex(@"((?:down|up)samplers)\.0\.(weight|bias)$")]
    private static partial Regex ScoreProbeResampler();
}
