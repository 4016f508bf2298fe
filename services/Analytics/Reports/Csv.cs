using System.Globalization;
using System.Text;

namespace OmniRetail.Analytics.Reports;

/// <summary>Every report also answers text/csv: asked for by <c>?format=csv</c> or an <c>Accept: text/csv</c> header.</summary>
public static class Csv
{
    public static bool Wanted(HttpRequest request, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(accept => accept?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>RFC 4180: a header row, then one row per item; numbers in invariant culture, empty for null.</summary>
    public static IResult Of(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder().AppendJoin(',', header.Select(Field)).Append("\r\n");
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(value => Field(value switch
            {
                null => "",
                DateTime at => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                decimal amount => amount.ToString("G29", CultureInfo.InvariantCulture),
                IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            }))).Append("\r\n");
        }

        return Results.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
