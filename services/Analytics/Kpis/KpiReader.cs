using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.Analytics.Facts;
using OmniRetail.Analytics.Persistence;
using OmniRetail.BuildingBlocks.Retail;

namespace OmniRetail.Analytics.Kpis;

/// <summary>The facts of a range, for the KPIs: orders by their placedAt, shopper activity and survey answers by their own time.</summary>
public sealed class KpiReader(AnalyticsDbContext db, IOptions<RetailCurrency> currency)
{
    public sealed record Range(IReadOnlyList<OrderFact> Orders, IReadOnlyList<KpiActivity> Activity, IReadOnlyList<KpiSurvey> Surveys,
        IReadOnlyDictionary<string, DateTime> FirstOrderOf);

    public string BaseCurrency => currency.Value.BaseCurrency;

    /// <summary>The orders placed in [from, to), of one channel or all: all that the breakdowns need.</summary>
    public Task<List<OrderFact>> Orders(DateTime from, DateTime to, string? channel, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Where(o => o.PlacedAt >= from && o.PlacedAt < to && (channel == null || o.Channel == channel)).ToListAsync(cancellationToken);

    public async Task<Range> Load(DateTime from, DateTime to, string? channel, CancellationToken cancellationToken)
    {
        var orders = await Orders(from, to, channel, cancellationToken);
        var activity = await db.Activity.AsNoTracking()
            .Where(a => a.At >= from && a.At < to && (channel == null || a.Channel == channel))
            .Select(a => new KpiActivity(a.At, a.Type, a.SessionId)).ToListAsync(cancellationToken);
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => s.AnsweredAt >= from && s.AnsweredAt < to && (channel == null || s.Channel == channel))
            .Select(s => new KpiSurvey(s.AnsweredAt, s.Kind, s.Score)).ToListAsync(cancellationToken);
        // A customer's first order on any channel: one who bought in the store before is returning in the web shop. The
        // Customer service's id where it has linked the order (e-mail, phone or channel id), else the e-mail's hash.
        var ids = orders.Where(o => o.CustomerId != null).Select(o => o.CustomerId!.Value).Distinct().ToList();
        var references = orders.Where(o => o.CustomerId == null && o.CustomerReference != null).Select(o => o.CustomerReference!).Distinct().ToList();
        var first = (await db.Orders.AsNoTracking().Where(o => o.CustomerId != null && ids.Contains(o.CustomerId.Value) && o.PlacedAt != null)
                .GroupBy(o => o.CustomerId!.Value).Select(g => new { g.Key, First = g.Min(o => o.PlacedAt)!.Value }).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Key.ToString(), g => g.First);
        foreach (var byReference in await db.Orders.AsNoTracking().Where(o => o.CustomerReference != null && references.Contains(o.CustomerReference) && o.PlacedAt != null)
                     .GroupBy(o => o.CustomerReference!).Select(g => new { g.Key, First = g.Min(o => o.PlacedAt)!.Value }).ToListAsync(cancellationToken))
        {
            first[byReference.Key] = byReference.First;
        }

        return new Range(orders, activity, surveys, first);
    }

    /// <summary>An amount in the base currency; an order in a currency without a rate counts as 0 there.</summary>
    public decimal ToBase(decimal amount, string orderCurrency) => currency.Value.ToBase(amount, orderCurrency) ?? 0;

    public KpiOrder ToKpi(OrderFact o) => new(
        o.PlacedAt!.Value, ToBase(o.NetAmount, o.Currency), o.Units, o.CancelledAt is not null, ToBase(o.RefundedAmount, o.Currency), o.UnitsReturned,
        CustomerKey(o), o.ShippedAt, o.DeliveredAt);

    /// <summary>Who placed the order, as the KPIs tell customers apart.</summary>
    public static string? CustomerKey(OrderFact o) => o.CustomerId?.ToString() ?? o.CustomerReference;

    public KpiFigures Figures(Range range, DateTime from, DateTime to) => KpiFigures.Of(
        range.Orders.Where(o => o.PlacedAt >= from && o.PlacedAt < to).Select(ToKpi).ToList(),
        range.Activity.Where(a => a.At >= from && a.At < to).ToList(),
        range.Surveys.Where(s => s.AnsweredAt >= from && s.AnsweredAt < to).ToList(),
        range.FirstOrderOf, from, to);
}
