using MathNet.Numerics.Statistics;

namespace OmniRetail.Supply.Suppliers;

public sealed record RiskThresholds(double OnTimeMedium = 0.90, double OnTimeHigh = 0.75, double LeadTimeCvHigh = 0.5);

/// <summary>One purchase order as the scorecard sees it.</summary>
public sealed record DeliveryRecord(bool FullyReceived, bool Closed, DateTime? SentAt, DateTime? ExpectedAt, DateTime? FullyReceivedAt, int Ordered, int Received);

public sealed record Scorecard(
    int PurchaseOrdersScored, double? OnTimeRate, double? FillRate, double? LeadTimeMeanDays, double? LeadTimeStdDevDays,
    double? LeadTimeCv, string Risk, IReadOnlyList<string> RiskReasons);

/// <summary>
/// On-time rate: share of fully received POs received on or before their expected date. Fill rate: units received ÷
/// units ordered over Received and Closed POs. Lead time: sent → fully received, in days (mean, sample σ). Risk: high
/// when on time &lt; the high threshold or lead-time CV (σ ÷ mean) &gt; its threshold, medium when on time &lt; the
/// medium threshold, else low.
/// </summary>
public static class SupplierScorecard
{
    public static Scorecard Of(IReadOnlyList<DeliveryRecord> orders, RiskThresholds thresholds)
    {
        var received = orders.Where(o => o.FullyReceived && o.FullyReceivedAt is not null).ToList();
        var finished = orders.Where(o => o.FullyReceived || o.Closed).ToList();
        var withDue = received.Where(o => o.ExpectedAt is not null).ToList();
        double? onTime = withDue.Count == 0 ? null : withDue.Count(o => o.FullyReceivedAt <= o.ExpectedAt) / (double)withDue.Count;
        var ordered = finished.Sum(o => o.Ordered);
        double? fill = ordered == 0 ? null : finished.Sum(o => o.Received) / (double)ordered;
        var leadTimes = LeadTimes(received);
        double? mean = leadTimes.Length == 0 ? null : leadTimes.Mean();
        double? sd = leadTimes.Length < 2 ? null : leadTimes.StandardDeviation();
        double? cv = mean > 0 && sd is not null ? sd / mean : null;

        var reasons = new List<string>();
        var risk = "low";
        if (onTime < thresholds.OnTimeHigh)
        {
            reasons.Add($"on time {onTime:P0} < {thresholds.OnTimeHigh:P0}");
        }

        if (cv > thresholds.LeadTimeCvHigh)
        {
            reasons.Add($"lead-time CV {cv:0.00} > {thresholds.LeadTimeCvHigh:0.00}");
        }

        if (reasons.Count > 0)
        {
            risk = "high";
        }
        else if (onTime < thresholds.OnTimeMedium)
        {
            risk = "medium";
            reasons.Add($"on time {onTime:P0} < {thresholds.OnTimeMedium:P0}");
        }

        return new Scorecard(finished.Count, onTime, fill, mean, sd, cv, risk, reasons);
    }

    /// <summary>Sent → fully received in days, oldest first.</summary>
    public static double[] LeadTimes(IEnumerable<DeliveryRecord> received) =>
        received.Where(o => o.SentAt is not null && o.FullyReceivedAt is not null)
            .OrderBy(o => o.FullyReceivedAt)
            .Select(o => (o.FullyReceivedAt!.Value - o.SentAt!.Value).TotalDays).ToArray();
}
