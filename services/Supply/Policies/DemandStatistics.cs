using MathNet.Numerics.Statistics;

namespace OmniRetail.Supply.Policies;

/// <summary>Daily demand of one SKU, day by day; a day with nothing recorded is 0.</summary>
public sealed record DemandDay(DateOnly Date, double Quantity, bool Stockout);

public static class DemandStatistics
{
    /// <summary>d, σd over the window's days, stockout days excluded (their demand was capped by the stock, not the customers).</summary>
    public static DemandRate Rate(IReadOnlyList<DemandDay> window)
    {
        var selling = window.Where(day => !day.Stockout).Select(day => day.Quantity).ToArray();
        return selling.Length switch
        {
            0 => new DemandRate(0, 0),
            1 => new DemandRate(selling[0], 0),
            _ => new DemandRate(selling.Mean(), selling.StandardDeviation()),
        };
    }

    /// <summary>
    /// The days from <paramref name="first"/> to <paramref name="last"/> inclusive, each with its recorded demand or 0.
    /// </summary>
    public static List<DemandDay> Daily(DateOnly first, DateOnly last, IReadOnlyDictionary<DateOnly, double> quantities, IReadOnlySet<DateOnly> stockouts)
    {
        var days = new List<DemandDay>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            days.Add(new DemandDay(date, quantities.GetValueOrDefault(date), stockouts.Contains(date)));
        }

        return days;
    }

    /// <summary>
    /// Totals of the last <paramref name="weeks"/> complete ISO weeks (Monday to Sunday) before <paramref name="today"/>,
    /// oldest first.
    /// </summary>
    public static double[] WeeklyTotals(IReadOnlyDictionary<DateOnly, double> quantities, DateOnly today, int weeks = 12)
    {
        var daysSinceMonday = ((int)today.DayOfWeek + 6) % 7;
        var thisMonday = today.AddDays(-daysSinceMonday);
        var totals = new double[weeks];
        for (var week = 0; week < weeks; week++)
        {
            var monday = thisMonday.AddDays(-7 * (weeks - week));
            for (var day = 0; day < 7; day++)
            {
                totals[week] += quantities.GetValueOrDefault(monday.AddDays(day));
            }
        }

        return totals;
    }

    /// <summary>Coefficient of variation: sample σ ÷ mean; null when there is no demand at all.</summary>
    public static double? CoefficientOfVariation(IReadOnlyList<double> values)
    {
        var mean = values.Mean();
        return values.Count < 2 || mean <= 0 ? null : values.StandardDeviation() / mean;
    }
}
