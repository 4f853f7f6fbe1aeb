using ScoreProbe.Core.Grids;
using ScoreProbe.Neural.Probing;

namespace ScoreProbe.Neural.Tests.Probing;

public class NetworkTimestepDesignTests
{
    [Fact]
    public void TheRoundedDesignPredictsNoMoreThanTheLeadingAndTrailingSpacings()
    {
        // Oracle network: the exact score plus a known smooth affine error. The design minimises the predicted E W2^2; after
        // rounding, its list must still predict at most what diffusers' spacings predict at the same K, by the designer's own
        // objective and by the full non-centred prediction from the network probed at each list's timesteps.
        var errors = OracleNetworks.Perturbation(0.05, withDelta: true, seed: 3);
        using var network = OracleNetworks.Network(errors);
        var target = DataGaussian.Of(OracleNetworks.Data);
        var options = new TimestepDesignOptions(8, 20, 1, 0, new ResidualProbeOptions(2, 64, 1), new PredictionOptions(1, 20, 0), null);
        var design = NetworkTimestepDesign.Run([("oracle", network)], OracleNetworks.Data, target, OracleNetworks.Timeline, options);
        var (designed, leading, trailing) = (design.Lists[0], design.Lists[1], design.Lists[2]);
        Assert.Equal(["designed", "leading", "trailing", "exact-score-design"], design.Lists.Select(l => l.Kind));
        Assert.Equal(999, designed.Plan.Timesteps[0]);
        Assert.True(designed.Objective <= trailing.Objective, $"objective: designed {designed.Objective}, trailing {trailing.Objective}");
        Assert.True(designed.Prediction.Predicted <= leading.Prediction.Predicted, $"designed {designed.Prediction.Predicted}, leading {leading.Prediction.Predicted}");
        Assert.True(designed.Prediction.Predicted <= trailing.Prediction.Predicted, $"designed {designed.Prediction.Predicted}, trailing {trailing.Prediction.Predicted}");
        // Rounding moves every time by at most half a timestep; the objective barely changes (it is smooth on that scale).
        Assert.Equal(design.Continuous.Predicted, designed.Objective!.Value, 0.02 * designed.Objective.Value);
        Assert.Null(leading.Objective); // leading starts at 875, below the objective's prior at timestep 999
    }

    [Fact]
    public void RoundingGivesDistinctDescendingTimestepsAndKeepsNodesWhereTheyAre()
    {
        var timeline = OracleNetworks.Timeline;
        var crowded = NetworkTimestepDesign.Round([0, 1e-5, 2e-5, 3e-5, 0.5, 0.9999, 1.0], timeline);
        Assert.Equal([999, 998, 499, 2, 1, 0], crowded);
        var trailing = SamplerPlan.Trailing("ddim", 25, timeline);
        Assert.Equal(trailing.Timesteps, NetworkTimestepDesign.Round(trailing.Grid.Times, timeline));
        var spread = NetworkTimestepDesign.Round(TimeGrid.EndingAtData([0.0404, 0.3, 0.77, 1.0]).Times, timeline);
        Assert.Equal([999, 769, 299, 39], spread);
    }
}
