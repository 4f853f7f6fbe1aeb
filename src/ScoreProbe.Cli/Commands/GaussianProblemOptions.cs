using System.CommandLine;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// The Gaussian problem's options (target, schedule, sampler, steps, grid, error model) as <c>kernel</c> defines them, shared
/// by every command that builds a Gaussian problem, so their names, defaults and help read the same everywhere.
/// </summary>
public sealed class GaussianProblemOptions
{
    private readonly Option<int> _dim = new("--dim") { Description = "Dimension d of the Gaussian target (at most 4096)", DefaultValueFactory = _ => 8 };
    private readonly Option<double> _spectrum = new("--spectrum") { Description = "Spectrum power p: C = diag(i^-p), tr C = d (§8)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<string> _schedule = new("--schedule") { Description = "vp-linear | vp-cosine | ve | ddpm | ddpm-cosine", DefaultValueFactory = _ => "vp-linear" };
    private readonly Option<string> _sampler = new("--sampler") { Description = "em | pf-euler | alpha | heun | rk4 | ddpm | ddim | exp-integrator", DefaultValueFactory = _ => "em" };
    private readonly Option<double> _alpha = new("--alpha") { Description = "Noise level of --sampler alpha (1 = EM, 0 = PF-ODE)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<int> _steps;
    private readonly Option<string> _grid = new("--grid") { Description = "uniform | quadratic | karras | log-snr | custom:t0,t1,...,tK", DefaultValueFactory = _ => "uniform" };
    private readonly Option<string?> _target = new("--target") { Description = "JSON file {\"mean\": [...], \"covariance\": [[...]]} for a general N(mu, C) (overrides --dim/--spectrum)" };
    private readonly Option<double> _tMin = new("--t-min") { Description = "Truncation time t_min", DefaultValueFactory = _ => 1e-3 };
    private readonly Option<string> _errorModel = new("--error-model") { Description = "independent | shared | ar1 | ou | random-features", DefaultValueFactory = _ => "ar1" };
    private readonly Option<double> _rho = new("--rho") { Description = "Time correlation rho of ar1 / random-features", DefaultValueFactory = _ => 0.9 };
    private readonly Option<double> _eps = new("--eps") { Description = "Score error size: E||Delta_t||_F^2 + E||delta_t||^2 = eps^2", DefaultValueFactory = _ => 0.1 };
    private readonly Option<double> _lengthScale = new("--length-scale") { Description = "Correlation length ell of ou: exp(-|s - s'|/ell) in diffusion time", DefaultValueFactory = _ => 0.1 };
    private readonly Option<string> _parts = new("--error-parts") { Description = "delta | Delta | both (eps^2/2 each)", DefaultValueFactory = _ => "both" };
    private readonly Option<int> _features = new("--features") { Description = "Random features r (0 = max(2, d/2))", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of error draws and random features", DefaultValueFactory = _ => 0 };
    private readonly Option<string> _reference = new("--reference") { Description = "data (p_data) | marginal (p_{t_k})", DefaultValueFactory = _ => "data" };
    private readonly bool _withGrid;

    /// <param name="defaultSteps">Default of --steps.</param>
    /// <param name="withGrid">Whether the command takes --grid (a command that compares grids does not).</param>
    public GaussianProblemOptions(int defaultSteps, bool withGrid)
    {
        _steps = new Option<int>("--steps") { Description = "Number of sampler steps K", DefaultValueFactory = _ => defaultSteps };
        _withGrid = withGrid;
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _dim, _spectrum, _schedule, _sampler, _alpha, _steps, _tMin, _errorModel, _rho, _lengthScale, _eps, _parts, _features, _seed, _reference, _target })
            command.Options.Add(o);
        if (_withGrid) command.Options.Add(_grid);
    }

    /// <summary>
    /// The options of the Gaussian problem itself (target, schedule, grid, error model) given on the command line, by parameter name
    /// (without "--"); steps, sampler and seed are left out, since they also mean something for a network's problem.
    /// </summary>
    public IEnumerable<string> GivenProblemOptions(ParseResult parse) =>
        new Option[] { _dim, _spectrum, _schedule, _alpha, _tMin, _errorModel, _rho, _lengthScale, _eps, _parts, _features, _reference, _target, _grid }
            .Where(o => (o != _grid || _withGrid) && parse.GetResult(o) is { Implicit: false })
            .Select(o => o.Name.TrimStart('-'));

    /// <summary>Whether --sampler was given (its default, em, is the Gaussian problem's).</summary>
    public bool SamplerGiven(ParseResult parse) => parse.GetResult(_sampler) is { Implicit: false };

    /// <summary>Whether --steps was given.</summary>
    public bool StepsGiven(ParseResult parse) => parse.GetResult(_steps) is { Implicit: false };

    public GaussianProblemConfig Read(ParseResult parse) => new(parse.GetValue(_dim), parse.GetValue(_spectrum), parse.GetValue(_schedule)!,
        parse.GetValue(_sampler)!, parse.GetValue(_alpha), parse.GetValue(_steps), _withGrid ? parse.GetValue(_grid)! : null, parse.GetValue(_tMin),
        parse.GetValue(_errorModel)!, parse.GetValue(_rho), parse.GetValue(_eps), parse.GetValue(_parts)!, parse.GetValue(_features),
        parse.GetValue(_seed), parse.GetValue(_reference)!, parse.GetValue(_lengthScale), parse.GetValue(_target));
}
