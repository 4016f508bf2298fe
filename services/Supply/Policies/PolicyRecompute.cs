using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Supply;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Replenishment;
using OmniRetail.Supply.Stock;

namespace OmniRetail.Supply.Policies;

/// <summary>
/// Computes and stores SKUs' policies and keeps their alerts in step: an alert is raised (with an event) when its
/// condition starts and cleared when it ends, never repeated while it holds.
/// </summary>
public sealed partial class PolicyRecompute(SupplyDbContext db, PolicyFactsReader reader, TransactionalOutbox outbox, TimeProvider clock, ILogger<PolicyRecompute> logger)
{
    /// <summary>Every plannable SKU, classified ABC among them all. Returns how many policies were computed.</summary>
    public async Task<int> All(CancellationToken cancellationToken)
    {
        var skus = await reader.PlannableSkus(cancellationToken);
        var settings = await reader.Settings(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var views = PolicyCalculator.Classify((await reader.Read(skus, cancellationToken, settings)).Select(facts => PolicyCalculator.Compute(facts, now)).ToList(), settings.Classes);
        await Store(views, cancellationToken);
        LogRecomputed(logger, views.Count);
        return views.Count;
    }

    /// <summary>These SKUs only (their ABC class stays as the last full recompute ranked it).</summary>
    public async Task<List<SkuPolicyView>> ForSkus(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await reader.Settings(cancellationToken);
        var previous = await db.Policies.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.View.Classification, cancellationToken);
        var views = (await reader.Read(skus, cancellationToken, settings)).Select(facts => PolicyCalculator.Compute(facts, now)).Select(view => view with
        {
            Classification = (previous.GetValueOrDefault(view.Sku) ?? view.Classification) with
            {
                WeeklyTotals = view.Classification.WeeklyTotals,
                WeeklyCoefficientOfVariation = view.Classification.WeeklyCoefficientOfVariation,
                Xyz = Classification.Xyz(view.Classification.WeeklyCoefficientOfVariation, settings.Classes),
            },
        }).ToList();
        await Store(views, cancellationToken);
        return views;
    }

    /// <summary>
    /// The SKUs' stock or open purchase orders changed: their position and alerts follow at once, from the policy
    /// figures of the last recompute (SKUs without a policy yet wait for one).
    /// </summary>
    public async Task RefreshPositions(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var stored = await db.Policies.Where(p => skus.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(cancellationToken);
        if (stored.Count > 0)
        {
            await ForSkus(stored, cancellationToken);
        }
    }

    private async Task Store(IReadOnlyList<SkuPolicyView> views, CancellationToken cancellationToken)
    {
        var skus = views.Select(v => v.Sku).ToList();
        await db.InCurrentOrNewTransaction(async () =>
        {
            await SkuLocks.Take(db, skus, cancellationToken);
            var stored = await db.Policies.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
            var active = await db.Alerts.Where(a => skus.Contains(a.Sku) && a.ClearedAt == null).ToListAsync(cancellationToken);
            foreach (var view in views)
            {
                // A full recompute reads its facts before it takes the SKUs' locks: a SKU refreshed meanwhile (its stock
                // changed) holds a newer view, which a stale one must not overwrite (it would raise cleared alerts again).
                if (stored.TryGetValue(view.Sku, out var newer) && newer.ComputedAt > view.ComputedAt)
                {
                    continue;
                }

                if (stored.TryGetValue(view.Sku, out var policy))
                {
                    policy.ComputedAt = view.ComputedAt;
                    policy.Abc = view.Classification.Abc;
                    policy.Xyz = view.Classification.Xyz;
                    policy.Status = view.Status;
                    policy.View = view;
                }
                else
                {
                    db.Policies.Add(new SkuPolicy { Sku = view.Sku, ComputedAt = view.ComputedAt, Abc = view.Classification.Abc, Xyz = view.Classification.Xyz, Status = view.Status, View = view });
                }

                SyncAlerts(view, active.Where(a => a.Sku == view.Sku).ToList());
            }
        }, cancellationToken);
    }

    private void SyncAlerts(SkuPolicyView view, List<StockAlert> active)
    {
        foreach (var alert in active.Where(a => !view.Alerts.Contains(a.Kind)))
        {
            alert.ClearedAt = view.ComputedAt;
            outbox.Publish(new StockAlertCleared { AlertId = alert.Id, Sku = alert.Sku, Kind = alert.Kind, ClearedAt = view.ComputedAt }, view.Sku);
        }

        foreach (var kind in view.Alerts)
        {
            var detail = AlertRules.Describe(kind, view);
            if (active.SingleOrDefault(a => a.Kind == kind) is { } existing)
            {
                existing.Detail = detail;
                continue;
            }

            var raised = new StockAlert { Id = Guid.CreateVersion7(), Sku = view.Sku, Kind = kind, RaisedAt = view.ComputedAt, Detail = detail };
            db.Alerts.Add(raised);
            outbox.Publish(new StockAlertRaised { AlertId = raised.Id, Sku = raised.Sku, Kind = kind, RaisedAt = raised.RaisedAt, Detail = detail }, view.Sku);
        }
    }

    [LoggerMessage(LogLevel.Information, "Recomputed {Count} SKU policies")]
    private static partial void LogRecomputed(ILogger logger, int count);
}
