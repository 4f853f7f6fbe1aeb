using ScoreProbe.Neural.Models;
using TorchSharp;

namespace ScoreProbe.Neural.Tests;

/// <summary>Parameter counts against a hand derivation from the diffusers UNet2DModel architecture.</summary>
public class UNetParameterCountTests
{
    // Independent count, layer by layer, from diffusers' module definitions (weights + biases):
    // GroupNorm(c): 2c; Conv3x3(i->o): 9io + o; Linear(i->o): io + o.
    private static long GroupNorm(long c) => 2 * c;
    private static long Conv3(long i, long o) => 9 * i * o + o;
    private static long Linear(long i, long o) => i * o + o;

    private static long Resnet(long i, long o, long temb) =>
        GroupNorm(i) + Conv3(i, o) + Linear(temb, o) + GroupNorm(o) + Conv3(o, o) + (i != o ? i * o + o : 0);

    private static long Attention(long c) => GroupNorm(c) + 4 * Linear(c, c);

    private static long Expected(UNetConfig c)
    {
        var ch = c.BlockOutChannels.Select(v => (long)v).ToArray();
        var temb = 4 * ch[0];
        var total = Conv3(c.InChannels, ch[0]) + Linear(ch[0], temb) + Linear(temb, temb);
        for (var i = 0; i < ch.Length; i++)
        {
            var input = i == 0 ? ch[0] : ch[i - 1];
            for (var l = 0; l < c.LayersPerBlock; l++)
                total += Resnet(l == 0 ? input : ch[i], ch[i], temb) + (c.DownBlockTypes[i] == UNetConfig.AttnDownBlock ? Attention(ch[i]) : 0);
            if (i < ch.Length - 1) total += Conv3(ch[i], ch[i]);
        }
        total += 2 * Resnet(ch[^1], ch[^1], temb) + Attention(ch[^1]);
        var rev = ch.Reverse().ToArray();
        for (var i = 0; i < rev.Length; i++)
        {
            var previous = i == 0 ? rev[0] : rev[i - 1];
            var lower = rev[Math.Min(i + 1, rev.Length - 1)];
            for (var l = 0; l <= c.LayersPerBlock; l++)
            {
                var skip = l == c.LayersPerBlock ? lower : rev[i];
                total += Resnet((l == 0 ? previous : rev[i]) + skip, rev[i], temb)
                         + (c.UpBlockTypes[i] == UNetConfig.AttnUpBlock ? Attention(rev[i]) : 0);
            }
            if (i < rev.Length - 1) total += Conv3(rev[i], rev[i]);
        }
        return total + GroupNorm(ch[0]) + Conv3(ch[0], c.InChannels);
    }

    [Fact]
    public void PaperUNetHasTheParameterCountOfDiffusersDdpmCifar10()
    {
        var config = (UNetConfig)ModelPresets.Create("unet-paper");
        Assert.Equal(35_746_307L, Expected(config));   // published size of google/ddpm-cifar10-32
        using var model = config.Build();
        Assert.Equal(35_746_307L, model.ParameterCount());
    }

    [Theory]
    [InlineData("unet-small")]
    [InlineData("unet-small32")]
    public void SmallUNetsMatchTheHandCountAndKeepTheInputShape(string preset)
    {
        var config = (UNetConfig)ModelPresets.Create(preset);
        using var model = config.Build();
        Assert.Equal(Expected(config), model.ParameterCount());
        using var x = torch.randn([3, config.InChannels, config.SampleSize, config.SampleSize], generator: new torch.Generator(0));
        using var t = torch.tensor(new long[] { 0, 500, 999 });
        using var y = model.forward(x, t);
        Assert.Equal(x.shape, y.shape);
    }
}
