using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>How a <see cref="ResnetBlock2D"/> changes resolution (diffusers' <c>up</c> / <c>down</c> flags).</summary>
public enum Resampling
{
    None,
    /// <summary>Nearest-neighbour 2x on both branches after the first activation.</summary>
    Up,
    /// <summary>2x2 average pooling on both branches after the first activation.</summary>
    Down,
}

/// <summary>
/// diffusers' <c>ResnetBlock2D</c>: <c>h = conv1(act(norm1(x)))</c> (x and h resampled after the activation when the block
/// is an up/down sampler), time conditioning <c>e = time_emb_proj(act(temb))</c> either added before <c>norm2</c>
/// ("default") or applied as <c>norm2(h) (1 + scale) + shift</c> ("scale_shift"), <c>h = conv2(dropout(act(...)))</c>;
/// output <c>(shortcut(x) + h) / output_scale_factor</c>, the shortcut a 1x1 convolution when the channel count changes.
/// </summary>
public sealed class ResnetBlock2D : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> time_emb_proj;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly nn.Module<Tensor, Tensor>? dropout;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor>? conv_shortcut;
    private readonly Func<Tensor, Tensor> _activation;
    private readonly ResnetSettings _settings;
    private readonly Resampling _resampling;

    public ResnetBlock2D(int inChannels, int outChannels, int timeEmbeddingDimension, ResnetSettings settings, Resampling resampling = Resampling.None)
        : base(nameof(ResnetBlock2D))
    {
        _settings = settings;
        _resampling = resampling;
        _activation = Activation.Create(settings.ActivationName);
        norm1 = GroupNormalization.Create(settings.Groups, inChannels, settings.Eps);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        time_emb_proj = nn.Linear(timeEmbeddingDimension, settings.ScaleShift ? 2 * outChannels : outChannels);
        norm2 = GroupNormalization.Create(settings.Groups, outChannels, settings.Eps);
        if (settings.Dropout > 0) dropout = nn.Dropout(settings.Dropout);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels) conv_shortcut = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>The last convolution of the residual branch.</summary>
    public IEnumerable<Tensor> OutputParameters() => conv2.parameters();

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var h = _activation(norm1.forward(x));
        (x, h) = (Resample(x), Resample(h));
        h = conv1.forward(h);
        var time = time_emb_proj.forward(_activation(timeEmbedding)).unsqueeze(-1).unsqueeze(-1);
        if (_settings.ScaleShift)
        {
            var parts = time.chunk(2, 1);
            h = norm2.forward(h) * (parts[0] + 1) + parts[1];
        }
        else
        {
            h = norm2.forward(h + time);
        }
        h = _activation(h);
        if (dropout is not null) h = dropout.forward(h);
        h = conv2.forward(h);
        var shortcut = conv_shortcut is null ? x : conv_shortcut.forward(x);
        var output = shortcut + h;
        if (_settings.OutputScaleFactor != 1) output = output / _settings.OutputScaleFactor;
        return output.MoveToOuterDisposeScope();
    }

    private Tensor Resample(Tensor x) => _resampling switch
    {
        Resampling.Up => F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest),
        Resampling.Down => F.avg_pool2d(x, 2, 2),
        _ => x,
    };
}
