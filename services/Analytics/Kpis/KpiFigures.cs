using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;

namespace OmniRetail.Analytics.Kpis;

/// <summary>An order as the KPIs count it, its money already in the base currency.</summary>
public sealed record KpiOrder(
    DateTime PlacedAt, decimal NetBase, int Units, bool Cancelled, decimal RefundedBase, int UnitsReturned, string? Customer,
    DateTime? ShippedAt, DateTime? DeliveredAt);

public sealed record KpiActivity(DateTime At, string Type, string SessionId);

public sealed record KpiSurvey(DateTime AnsweredAt, string Kind, int Score);

public sealed record LeadTimes(double? PlacedToShippedP50Hours, double? PlacedToShippedP90Hours, double? ShippedToDeliveredP50Hours, double? ShippedToDeliveredP90Hours);

public sealed record Funnel(int Sessions, int ProductViews, int AddToCarts, int CheckoutsStarted, int Orders);

/// <summary>
/// One period's figures. Rates are fractions between 0 and 1 (to four places), null when there is nothing to divide by:
/// orders = placed in the period (cancelled ones included); units = of the orders not cancelled; netRevenue = net
/// amounts of the orders not cancelled less their refunds, in the base currency; averageOrderValue = netRevenue ÷
/// orders not cancelled; conversionRate = orders ÷ sessions; cancellationRate = cancelled ÷ orders; returnRate =
/// units returned ÷ units delivered; csat = answers of 4–5 ÷ CSAT answers; nps = 100 × (promoters − detractors) ÷ NPS
/// answers; new customers placed their first order ever in the period, returning ones had ordered before; lead times
/// in hours by nearest rank (the p-th percentile is the ⌈p·n⌉-th smallest).
/// </summary>
public sealed record KpiFigures(
    int Orders, int CancelledOrders, int Units, decimal NetRevenue, decimal? AverageOrderValue, int Sessions, decimal? ConversionRate,
    decimal? CancellationRate, decimal? ReturnRate, decimal? Csat, decimal? Nps, int NewCustomers, int ReturningCustomers, LeadTimes LeadTimes, Funnel Funnel)
{
    public static KpiFigures Of(IReadOnlyCollection<KpiOrder> orders, IReadOnlyCollection<KpiActivity> activity, IReadOnlyCollection<KpiSurvey> surveys,
        IReadOnlyDictionary<string, DateTime> firstOrderOf, DateTime from, DateTime to)
    {
        var kept = orders.Where(o => !o.Cancelled).ToList();
        var cancelled = orders.Count - kept.Count;
        var net = Math.Round(kept.Sum(o => o.NetBase - o.RefundedBase), 2);
        var sessions = activity.Where(a => a.Type == ShopperActivityTypes.Session).Select(a => a.SessionId).Distinct().Count();
        var delivered = kept.Where(o => o.DeliveredAt is not null).ToList();
        var csat = surveys.Where(s => s.Kind == SurveyScores.Csat).ToList();
        var nps = surveys.Where(s => s.Kind == SurveyScores.Nps).ToList();
        var customers = orders.Where(o => o.Customer is not null).Select(o => o.Customer!).Distinct().ToList();
        var newCustomers = customers.Count(c => firstOrderOf.TryGetValue(c, out var first) && first >= from && first < to);
        return new KpiFigures(
            orders.Count, cancelled, kept.Sum(o => o.Units), net, Ratio(net, kept.Count, 2), sessions, Ratio(orders.Count, sessions),
            Ratio(cancelled, orders.Count), Ratio(delivered.Sum(o => o.UnitsReturned), delivered.Sum(o => o.Units)),
            Ratio(csat.Count(s => SurveyScores.Satisfied(s.Score)), csat.Count),
            nps.Count == 0 ? null : Math.Round(100m * (nps.Count(s => SurveyScores.Promoter(s.Score)) - nps.Count(s => SurveyScores.Detractor(s.Score))) / nps.Count, 1),
            newCustomers, customers.Count - newCustomers,
            new LeadTimes(
                Percentile(kept.Where(o => o.ShippedAt is not null).Select(o => (o.ShippedAt!.Value - o.PlacedAt).TotalHours), 0.5),
                Percentile(kept.Where(o => o.ShippedAt is not null).Select(o => (o.ShippedAt!.Value - o.PlacedAt).TotalHours), 0.9),
                Percentile(delivered.Where(o => o.ShippedAt is not null).Select(o => (o.DeliveredAt!.Value - o.ShippedAt!.Value).TotalHours), 0.5),
                Percentile(delivered.Where(o => o.ShippedAt is not null).Select(o => (o.DeliveredAt!.Value - o.ShippedAt!.Value).TotalHours), 0.9)),
            new Funnel(sessions, activity.Count(a => a.Type == ShopperActivityTypes.ProductView), activity.Count(a => a.Type == ShopperActivityTypes.AddToCart),
                activity.Count(a => a.Type == ShopperActivityTypes.CheckoutStarted), orders.Count));
    }

    private static decimal? Ratio(decimal part, decimal whole, int decimals = 4) => whole == 0 ? null : Math.Round(part / whole, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Nearest rank: the ⌈p·n⌉-th smallest, in hours to two places.</summary>
    public static double? Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : Math.Round(Reports.Percentiles.NearestRank(sorted, p), 2);
    }
}
