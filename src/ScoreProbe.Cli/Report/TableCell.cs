using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// A table cell: a number (kept numeric in the JSON so that scripts can read it) or text.
/// Converts implicitly from <see cref="double"/>, <see cref="int"/> and <see cref="string"/>, so rows can be
/// written as collection expressions: <c>[0.1, "EM", 3]</c>.
/// </summary>
[JsonConverter(typeof(TableCellJsonConverter))]
public readonly record struct TableCell
{
    public double? Number { get; }
    public string? Text { get; }

    private TableCell(double? number, string? text) => (Number, Text) = (number, text);

    public static implicit operator TableCell(double value) => new(value, null);
    public static implicit operator TableCell(int value) => new(value, null);
    public static implicit operator TableCell(string value) => new(null, value);

    /// <summary>The cell as shown in the report: numbers through <see cref="NumberFormat.Format"/>.</summary>
    public override string ToString() => Number is { } n ? NumberFormat.Format(n) : Text ?? "";

    private sealed class TableCellJsonConverter : JsonConverter<TableCell>
    {
        public override TableCell Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.String => ReadString(reader.GetString()!),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "",
                _ => throw new JsonException($"a table cell must be a number or a string, not {reader.TokenType}"),
            };

        // NaN and infinities travel as the strings "NaN", "Infinity", "-Infinity" (ResultJson allows named literals).
        private static TableCell ReadString(string s) =>
            s is "NaN" or "Infinity" or "-Infinity" ? double.Parse(s, CultureInfo.InvariantCulture) : s;

        public override void Write(Utf8JsonWriter writer, TableCell value, JsonSerializerOptions options)
        {
            if (value.Number is { } n) JsonSerializer.Serialize(writer, n, options);
            else writer.WriteStringValue(value.Text);
        }
    }
}
