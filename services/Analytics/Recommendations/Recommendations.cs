using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.Analytics.Persistence;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Scheduling;

namespace OmniRetail.Analytics.Recommendations;

/// <summary>
/// <c>Analytics:Recommendations</c>: the window of baskets mined (days back from now), the minimum support and
/// confidence, and the refresh schedule (cron, <c>:Schedule</c>, hourly by default).
/// </summary>
public sealed class RecommendationOptions
{
    public const string Section = "Analytics:Recommendations";

    public int WindowDays { get; set; } = 180;

    public double MinSupport { get; set; } = 0.005;

    public double MinConfidence { get; set; } = 0.05;

    public bool IsValid() => WindowDays is > 0 and <= 3650 && MinSupport is > 0 and <= 1 && MinConfidence is > 0 and <= 1;
}

/// <summary>The rules of the last refresh, as stored.</summary>
public sealed class StoredRule
{
    public long Id { get; set; }

    /// <summary>The antecedent's SKUs, sorted, joined by '+'.</summary>
    public required string Antecedent { get; set; }

    public required string Consequent { get; set; }

    public double Support { get; set; }

    public double Confidence { get; set; }

    public double Lift { get; set; }

    public int Baskets { get; set; }

    public DateTime MinedAt { get; set; }

    public AssociationRule ToRule() => new(Antecedent.Split('+'), Consequent, Support, Confidence, Lift, Baskets);
}

/// <summary>Mines the baskets of a window (orders not cancelled, by placedAt), on demand and on its schedule.</summary>
public sealed class RecommendationRefresh(AnalyticsDbContext db, IOptions<RecommendationOptions> options, TimeProvider clock) : IScheduledJob
{
    public sealed record Outcome(int Baskets, int Rules, DateTime MinedAt, DateTime From, DateTime To);

    public Task Run(CancellationToken cancellationToken) => Refresh(cancellationToken);

    public async Task<List<IReadOnlySet<string>>> Baskets(DateTime from, DateTime to, string? channel, CancellationToken cancellationToken) =>
        (await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= from && o.PlacedAt < to && o.CancelledAt == null && (channel == null || o.Channel == channel))
            .Select(o => o.Lines).ToListAsync(cancellationToken))
        .Select(lines => (IReadOnlySet<string>)lines.Select(l => l.Sku).ToHashSet(StringComparer.Ordinal)).Where(b => b.Count > 0).ToList();

    public IReadOnlyList<AssociationRule> Mine(IReadOnlyList<IReadOnlySet<string>> baskets) =>
        AssociationMiner.Mine(baskets, options.Value.MinSupport, options.Value.MinConfidence);

    public async Task<Outcome> Refresh(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddDays(-options.Value.WindowDays);
        var baskets = await Baskets(from, now, null, cancellationToken);
        var rules = Mine(baskets);
        await db.InTransaction(async () =>
        {
            await db.Rules.ExecuteDeleteAsync(cancellationToken);
            db.Rules.AddRange(rules.Select(r => new StoredRule
            {
                Antecedent = string.Join('+', r.Antecedent), Consequent = r.Consequent, Support = r.Support, Confidence = r.Confidence, Lift = r.Lift, Baskets = r.Baskets,
                MinedAt = now,
            }));
        }, cancellationToken);
        return new Outcome(baskets.Count, rules.Count, now, from, now);
    }
}
