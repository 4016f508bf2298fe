using System.Globalization;

namespace OmniRetail.Analytics.Kpis;

public static class Granularity
{
    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";

    public static readonly IReadOnlyList<string> All = [Day, Week, Month];
}

/// <summary>
/// Splits [from, to) into calendar periods (UTC days; ISO weeks from Monday; months), the first and last cut to the range.
/// </summary>
public static class Periods
{
    public static IReadOnlyList<(DateTime Start, DateTime End)> Of(DateTime from, DateTime to, string granularity)
    {
        var periods = new List<(DateTime, DateTime)>();
        var start = from;
        while (start < to)
        {
            var next = NextBoundary(start, granularity);
            var end = next < to ? next : to;
            periods.Add((start, end));
            start = end;
        }

        return periods;
    }

    private static DateTime NextBoundary(DateTime at, string granularity)
    {
        var day = at.Date;
        return granularity switch
        {
            Granularity.Week => day.AddDays(7 - ((int)day.DayOfWeek + 6) % 7),
            Granularity.Month => new DateTime(at.Year, at.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
            _ => day.AddDays(1),
        };
    }

    /// <summary>An ISO 8601 date-time, or a bare date meaning midnight UTC.</summary>
    public static bool TryParse(string? text, out DateTime at)
    {
        at = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            at = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            at = moment.UtcDateTime;
            return true;
        }

        return false;
    }
}
