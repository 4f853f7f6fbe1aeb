using System.Globalization;
using System.Text;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// CSV layout of a <see cref="ResidualSet"/>: a header <c>rep,time_index,t,x_0,...,x_{d-1},r_0,...,r_{d-1}</c>, then one
/// row per draw. rep runs 0..R-1 and time_index 0..m-1; the draw index j within a (rep, time_index) cell is the order
/// in which its rows appear; every cell must have the same number B of rows and every row of a time_index the same t.
/// Blank lines and lines starting with '#' are skipped. Numbers use '.' as decimal separator (invariant culture).
/// </summary>
public static class ResidualCsv
{
    public static ResidualSet Read(TextReader reader)
    {
        var header = reader.ReadLine() ?? throw new ResidualFormatException("line 1: empty file; expected header rep,time_index,t,x_0,...,r_0,...");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        var dim = (columns.Length - 3) / 2;
        if (columns.Length < 5 || columns.Length != 3 + 2 * dim || columns[0] != "rep" || columns[1] != "time_index" || columns[2] != "t"
            || Enumerable.Range(0, dim).Any(i => columns[3 + i] != $"x_{i}" || columns[3 + dim + i] != $"r_{i}"))
            throw new ResidualFormatException($"line 1: header {Shown(header)} must be rep,time_index,t,x_0..x_{{d-1}},r_0..r_{{d-1}}");

        var cells = new Dictionary<(int Rep, int Time), List<double[]>>();
        var times = new Dictionary<int, double>();
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (fields.Length != columns.Length) throw new ResidualFormatException($"line {lineNumber}: {fields.Length} fields, expected {columns.Length}");
            var rep = ParseIndex(fields[0], "rep", lineNumber);
            var time = ParseIndex(fields[1], "time_index", lineNumber);
            var values = new double[1 + 2 * dim];
            for (var k = 0; k < values.Length; k++)
                if (!double.TryParse(fields[2 + k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                    throw new ResidualFormatException($"line {lineNumber}: column {columns[2 + k]} = {Shown(fields[2 + k])} is not a finite number");
            if (times.TryGetValue(time, out var t) && t != values[0])
                throw new ResidualFormatException($"line {lineNumber}: time_index {time} has t = {values[0]} but earlier rows gave t = {t}");
            times[time] = values[0];
            if (!cells.TryGetValue((rep, time), out var rows)) cells[(rep, time)] = rows = [];
            rows.Add(values);
        }
        if (cells.Count == 0) throw new ResidualFormatException("no data rows after the header");

        var repetitions = cells.Keys.Max(k => k.Rep) + 1L;
        var m = times.Keys.Max() + 1L;
        if (cells.Count != repetitions * m)
        {
            var gap = Enumerable.Range(0, (int)Math.Min(repetitions, int.MaxValue)).SelectMany(r => Enumerable.Range(0, (int)Math.Min(m, int.MaxValue)).Select(a => (r, a)))
                .First(key => !cells.ContainsKey(key));
            throw new ResidualFormatException($"no rows for rep {gap.r}, time_index {gap.a}; every (rep, time_index) pair 0..{repetitions - 1} x 0..{m - 1} needs rows");
        }
        var batch = cells.Values.First().Count;
        var states = new double[repetitions * m * batch * dim];
        var residuals = new double[states.Length];
        for (var r = 0; r < repetitions; r++)
            for (var a = 0; a < m; a++)
            {
                var rows = cells[(r, a)];
                if (rows.Count != batch) throw new ResidualFormatException($"rep {r}, time_index {a} has {rows.Count} rows but rep {cells.Keys.First().Rep}, time_index {cells.Keys.First().Time} has {batch}; every cell needs the same batch size");
                for (var j = 0; j < batch; j++)
                {
                    var offset = ((r * m + a) * batch + j) * dim;
                    Array.Copy(rows[j], 1, states, offset, dim);
                    Array.Copy(rows[j], 1 + dim, residuals, offset, dim);
                }
            }
        return new ResidualSet(Enumerable.Range(0, (int)m).Select(a => times[a]).ToArray(), (int)repetitions, batch, dim, states, residuals);
    }

    public static void Write(ResidualSet set, TextWriter writer)
    {
        var d = set.Dim;
        writer.WriteLine(string.Join(',', new[] { "rep", "time_index", "t" }
            .Concat(Enumerable.Range(0, d).Select(i => $"x_{i}"))
            .Concat(Enumerable.Range(0, d).Select(i => $"r_{i}"))));
        var line = new StringBuilder();
        for (var r = 0; r < set.Repetitions; r++)
            for (var a = 0; a < set.TimeCount; a++)
                for (var j = 0; j < set.Batch; j++)
                {
                    line.Clear().Append(r).Append(',').Append(a).Append(',').Append(Format(set.Times[a]));
                    foreach (var v in set.State(r, a, j)) line.Append(',').Append(Format(v));
                    foreach (var v in set.Residual(r, a, j)) line.Append(',').Append(Format(v));
                    writer.WriteLine(line);
                }
    }

    /// <summary>A field as messages quote it: binary garbage is described, not echoed, and long text is cut.</summary>
    private static string Shown(string text) =>
        text.Any(c => char.IsControl(c) || c == '\uFFFD') ? "(binary data, not text)"
        : text.Length > 60 ? $"'{text[..60]}…'" : $"'{text}'";

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static int ParseIndex(string field, string name, int lineNumber) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ResidualFormatException($"line {lineNumber}: {name} = {Shown(field)} is not a non-negative integer");
}
