using OmniRetail.BuildingBlocks.Retail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Scheduling;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Segments;

/// <summary>
/// Scores every active customer with an order that was not cancelled: recency = whole days since their last such
/// order; frequency = such orders placed in the last 365 days; monetary = their net amounts less refunds over the same
/// 365 days, in the base currency (an order in a currency without a rate is left out of the value and logged).
/// </summary>
public sealed partial class SegmentRecompute(CustomerDbContext db, IOptions<RetailCurrency> currency, TimeProvider clock, ILogger<SegmentRecompute> logger)
    : IScheduledJob
{
    public const string Section = "Customer:Segments";

    public sealed record Outcome(int Scored, DateTime At);

    public Task Run(CancellationToken cancellationToken) => All(cancellationToken);

    public async Task<Outcome> All(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-365);
        var rows = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerId != null && o.PlacedAt != null && o.CancelledAt == null
                && db.Customers.Any(c => c.Id == o.CustomerId && c.MergedInto == null && c.ErasedAt == null))
            .GroupBy(o => new { CustomerId = o.CustomerId!.Value, o.Currency })
            .Select(g => new
            {
                g.Key.CustomerId, g.Key.Currency, Last = g.Max(o => o.PlacedAt)!.Value,
                Orders = g.Count(o => o.PlacedAt >= since),
                Value = g.Where(o => o.PlacedAt >= since).Sum(o => o.NetAmount - o.RefundedAmount),
            }).ToListAsync(cancellationToken);
        foreach (var unconverted in rows.Where(r => r.Value != 0 && currency.Value.ToBase(r.Value, r.Currency) is null).Select(r => r.Currency).Distinct())
        {
            LogNoRate(logger, unconverted, currency.Value.BaseCurrency);
        }

        var facts = rows.GroupBy(r => r.CustomerId).Select(g => new RfmFacts(
            g.Key, Math.Max(0, (int)(now - g.Max(r => r.Last)).TotalDays), g.Sum(r => r.Orders),
            g.Sum(r => currency.Value.ToBase(r.Value, r.Currency) ?? 0))).ToList();
        var scores = Rfm.Score(facts).ToDictionary(s => s.CustomerId);
        var byCustomer = facts.ToDictionary(f => f.CustomerId);

        await db.InTransaction(async () =>
        {
            // Customers whose last scored order was cancelled since have no score any more.
            await db.Customers.Where(c => c.Segment != null && !scores.Keys.Contains(c.Id))
                .ExecuteUpdateAsync(c => c.SetProperty(x => x.Segment, (string?)null).SetProperty(x => x.RecencyScore, (int?)null)
                    .SetProperty(x => x.FrequencyScore, (int?)null).SetProperty(x => x.MonetaryScore, (int?)null), cancellationToken);
            foreach (var chunk in scores.Keys.Chunk(1000))
            {
                foreach (var customer in await db.Customers.Where(c => chunk.Contains(c.Id)).ToListAsync(cancellationToken))
                {
                    var (score, fact) = (scores[customer.Id], byCustomer[customer.Id]);
                    customer.RecencyDays = fact.RecencyDays;
                    customer.Frequency = fact.Frequency;
                    customer.Monetary = Math.Round(fact.Monetary, 2);
                    (customer.RecencyScore, customer.FrequencyScore, customer.MonetaryScore, customer.Segment) = (score.R, score.F, score.M, score.Segment);
                    customer.ScoredAt = now;
                }
            }
        }, cancellationToken);
        return new Outcome(scores.Count, now);
    }

    [LoggerMessage(LogLevel.Warning, "Orders in {Currency} are left out of RFM values: no exchange rate to {BaseCurrency} is configured (Retail:ExchangeRates)")]
    private static partial void LogNoRate(ILogger logger, string currency, string baseCurrency);
}
