namespace OmniRetail.Analytics.Promotions;

/// <summary>What one order bought of a group of SKUs (the promoted ones, or the control group).</summary>
public sealed record EffectOrder(double Units, double Revenue);

public sealed record GroupFigures(int OrdersDuring, int OrdersBefore, double UnitsDuring, double UnitsBefore, double RevenueDuring, double RevenueBefore);

public sealed record EffectEstimate(
    double? Uplift, double? UpliftLower, double? UpliftUpper, bool? Significant, double? RevenueUplift, double? IncrementalUnits, double? IncrementalRevenue,
    double DiscountCost, double? ReturnOnDiscount, string? Reason, GroupFigures Promoted, GroupFigures Control);

/// <summary>
/// A promotion's effect by difference in differences: the promoted SKUs' units during the promotion against a baseline
/// of their units in the same-length period before it, scaled by how the control group (non-promoted SKUs of the same
/// categories) changed over the same two periods: baseline = promoted before × (control during ÷ control before);
/// incremental = promoted during − baseline; uplift % = 100 × incremental ÷ baseline (in units; the same in revenue
/// beside it). The 90% interval resamples each group's orders with replacement (seeded) and takes the 5th and 95th
/// percentiles of the uplift; it is significant when the interval leaves out 0. Return on the discount = incremental
/// revenue ÷ discount cost. Fewer than 20 orders of the promoted SKUs in either period: not enough data.
/// </summary>
public static class PromotionEffect
{
    public const int MinOrders = 20;
    public const int Resamples = 1000;

    public static EffectEstimate Estimate(
        IReadOnlyList<EffectOrder> promotedDuring, IReadOnlyList<EffectOrder> promotedBefore, IReadOnlyList<EffectOrder> controlDuring, IReadOnlyList<EffectOrder> controlBefore,
        double discountCost, int seed = 7)
    {
        var promoted = Figures(promotedDuring, promotedBefore);
        var control = Figures(controlDuring, controlBefore);
        string? reason = null;
        if (promotedDuring.Count < MinOrders || promotedBefore.Count < MinOrders)
        {
            reason = $"not enough data: {promotedBefore.Count} orders of the promoted SKUs before and {promotedDuring.Count} during; at least {MinOrders} in each are needed";
        }
        else if (control.UnitsBefore == 0 || control.UnitsDuring == 0)
        {
            reason = "not enough data: no control group (no non-promoted SKUs of the same categories sold in both periods)";
        }

        if (reason is not null)
        {
            return new EffectEstimate(null, null, null, null, null, null, null, Math.Round(discountCost, 2), null, reason, promoted, control);
        }

        var (uplift, incrementalUnits) = Uplift(promoted.UnitsDuring, promoted.UnitsBefore, control.UnitsDuring, control.UnitsBefore);
        var (revenueUplift, incrementalRevenue) = Uplift(promoted.RevenueDuring, promoted.RevenueBefore, control.RevenueDuring, control.RevenueBefore);
        var random = new Random(seed);
        var samples = new List<double>(Resamples);
        for (var b = 0; b < Resamples; b++)
        {
            var cb = Resample(controlBefore, random, o => o.Units);
            if (cb == 0)
            {
                continue;
            }

            samples.Add(Uplift(Resample(promotedDuring, random, o => o.Units), Resample(promotedBefore, random, o => o.Units), Resample(controlDuring, random, o => o.Units), cb).Percent);
        }

        samples.Sort();
        var lower = samples.Count == 0 ? 0 : Reports.Percentiles.NearestRank(samples, 0.05);
        var upper = samples.Count == 0 ? 0 : Reports.Percentiles.NearestRank(samples, 0.95);
        return new EffectEstimate(Math.Round(uplift, 2), Math.Round(lower, 2), Math.Round(upper, 2), lower > 0 || upper < 0, Math.Round(revenueUplift, 2),
            Math.Round(incrementalUnits, 2), Math.Round(incrementalRevenue, 2), Math.Round(discountCost, 2),
            discountCost > 0 ? Math.Round(incrementalRevenue / discountCost, 4) : null, null, promoted, control);
    }

    /// <summary>baseline = before × (control during ÷ control before); the uplift in percent and the incremental amount.</summary>
    public static (double Percent, double Incremental) Uplift(double during, double before, double controlDuring, double controlBefore)
    {
        var baseline = before * (controlDuring / controlBefore);
        return baseline == 0 ? (0, during) : (100 * (during - baseline) / baseline, during - baseline);
    }

    private static GroupFigures Figures(IReadOnlyList<EffectOrder> during, IReadOnlyList<EffectOrder> before) =>
        new(during.Count, before.Count, during.Sum(o => o.Units), before.Sum(o => o.Units), Math.Round(during.Sum(o => o.Revenue), 2), Math.Round(before.Sum(o => o.Revenue), 2));

    private static double Resample(IReadOnlyList<EffectOrder> orders, Random random, Func<EffectOrder, double> value)
    {
        var sum = 0.0;
        for (var i = 0; i < orders.Count; i++)
        {
            sum += value(orders[random.Next(orders.Count)]);
        }

        return sum;
    }
}
