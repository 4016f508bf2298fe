namespace OmniRetail.Customer.Segments;

/// <summary>A customer's RFM facts: days since their last order, orders in the last 365 days, their value in the base currency.</summary>
public sealed record RfmFacts(Guid CustomerId, int RecencyDays, int Frequency, decimal Monetary);

public sealed record RfmScore(Guid CustomerId, int R, int F, int M, string Segment);

/// <summary>
/// RFM scoring by quintile among the customers scored together. A customer's score on each measure is
/// 1 + ⌊5 × (customers strictly worse on it) ÷ (customers scored)⌋, so equal values score alike and the best fifth
/// scores 5 (worse: more days since the last order; fewer orders; less value). The segment comes from R and
/// FM = ⌈(F + M) ÷ 2⌉, checked in this order:
/// Champions R ≥ 4 and FM ≥ 4; Loyal R = 3 and FM ≥ 4; Potential loyalist R ≥ 3 and FM 2–3; New R ≥ 4 and FM = 1;
/// Cannot lose R ≤ 2 and FM = 5; At risk R ≤ 2 and FM 3–4; Hibernating R = 2, or R = 3 and FM = 1; Lost the rest (R = 1, FM ≤ 2).
/// </summary>
public static class Rfm
{
    public const string Champions = "Champions";
    public const string Loyal = "Loyal";
    public const string PotentialLoyalist = "Potential loyalist";
    public const string New = "New";
    public const string AtRisk = "At risk";
    public const string CannotLose = "Cannot lose";
    public const string Hibernating = "Hibernating";
    public const string Lost = "Lost";

    public static readonly IReadOnlyList<string> Segments = [Champions, Loyal, PotentialLoyalist, New, AtRisk, CannotLose, Hibernating, Lost];

    public static IReadOnlyList<RfmScore> Score(IReadOnlyList<RfmFacts> customers)
    {
        var n = customers.Count;
        var recencies = customers.Select(c => c.RecencyDays).Order().ToArray();
        var frequencies = customers.Select(c => c.Frequency).Order().ToArray();
        var values = customers.Select(c => c.Monetary).Order().ToArray();
        return customers.Select(c =>
        {
            var r = Quintile(n - UpperBound(recencies, c.RecencyDays), n);
            var f = Quintile(LowerBound(frequencies, c.Frequency), n);
            var m = Quintile(LowerBound(values, c.Monetary), n);
            return new RfmScore(c.CustomerId, r, f, m, SegmentOf(r, f, m));
        }).ToList();
    }

    public static string SegmentOf(int r, int f, int m)
    {
        var fm = (f + m + 1) / 2;
        return (r, fm) switch
        {
            ( >= 4, >= 4) => Champions,
            (3, >= 4) => Loyal,
            ( >= 3, 2 or 3) => PotentialLoyalist,
            ( >= 4, 1) => New,
            ( <= 2, 5) => CannotLose,
            ( <= 2, 3 or 4) => AtRisk,
            (2, _) or (3, 1) => Hibernating,
            _ => Lost,
        };
    }

    private static int Quintile(int worse, int n) => Math.Min(5, 1 + 5 * worse / n);

    /// <summary>How many sorted values are below <paramref name="value"/>.</summary>
    private static int LowerBound<T>(T[] sorted, T value) where T : IComparable<T>
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid].CompareTo(value) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>How many sorted values are at most <paramref name="value"/>.</summary>
    private static int UpperBound<T>(T[] sorted, T value) where T : IComparable<T>
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (sorted[mid].CompareTo(value) <= 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
