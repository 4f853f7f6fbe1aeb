using Spectre.Console;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// Progress for long work: a Spectre.Console bar on an interactive terminal, plain lines
/// ("label: 40/100 (40%) ...") when output is redirected, where Spectre prints almost nothing.
/// </summary>
public sealed class ProgressReporter
{
    private readonly bool _interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/>, which reports (done, detail) through the callback it receives.</summary>
    public T Run<T>(string label, int total, Func<Action<int, string?>, T> work)
    {
        if (_interactive)
        {
            T result = default!;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(total, 1));
                    result = work((done, detail) =>
                    {
                        task.Value = done;
                        if (detail is not null) task.Description = Markup.Escape($"{label} {detail}");
                    });
                    task.Value = task.MaxValue;
                });
            return result;
        }

        var lastPrinted = -1;
        var step = Math.Max(1, total / 10);
        var start = DateTime.UtcNow;
        return work((done, detail) =>
        {
            if (done != total && done - lastPrinted < step) return;
            lastPrinted = done;
            var pct = total > 0 ? 100.0 * done / total : 100.0;
            var elapsed = (DateTime.UtcNow - start).TotalSeconds;
            Console.Error.WriteLine($"{label}: {done}/{total} ({pct:F0}%) {elapsed:F1}s{(detail is null ? "" : " " + detail)}");
        });
    }

    public void Run(string label, int total, Action<Action<int, string?>> work) =>
        Run<int>(label, total, report => { work(report); return 0; });
}
