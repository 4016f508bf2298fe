using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Supply.Demand;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Stock;

/// <summary>
/// Keeps each SKU's latest position (an older event arriving late changes nothing), the days it had nothing to sell,
/// and the SKU's alerts up to date with it. In batches: Inventory says this after every change of a SKU's stock.
/// </summary>
public sealed class StockAvailabilityChangedConsumer(SupplyDbContext db, MessagingMetrics metrics, TimeProvider clock, PolicyRecompute policies)
    : InboxBatchConsumer<StockAvailabilityChanged>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<StockAvailabilityChanged>> messages)
    {
        var cancellationToken = messages[0].CancellationToken;
        var now = clock.GetUtcNow().UtcDateTime;
        var changes = messages.Select(m => m.Message).GroupBy(m => m.Sku.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.OrderBy(m => m.AsOf ?? now).ToList());
        var skus = changes.Keys.ToList();
        await SkuLocks.Take(db, skus, cancellationToken);
        var positions = await db.Positions.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        foreach (var (sku, changed) in changes)
        {
            var position = positions.GetValueOrDefault(sku) ?? db.Positions.Add(new SkuPosition { Sku = sku, AsOf = DateTime.MinValue }).Entity;
            foreach (var change in changed)
            {
                await Apply(position, change, change.AsOf ?? now, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await policies.RefreshPositions(skus, cancellationToken);
    }

    private async Task Apply(SkuPosition position, StockAvailabilityChanged changed, DateTime asOf, CancellationToken cancellationToken)
    {
        if (asOf < position.AsOf)
        {
            return;
        }

        position.AsOf = asOf;
        position.OnHand = changed.OnHand;
        position.Reserved = changed.Reserved;
        position.Available = changed.Available;
        position.Backordered = changed.Backordered;
        position.InTransit = changed.InTransit;
        position.Warehouses = changed.Warehouses.ToList();
        if (changed.Available <= 0)
        {
            position.OutOfStockSince ??= asOf;
        }
        else if (position.OutOfStockSince is { } since)
        {
            await StockoutDays.Record(db, position.Sku, since, asOf, cancellationToken);
            position.OutOfStockSince = null;
        }
    }
}

public sealed class StockReceivedConsumer(SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<StockReceived>(db, outbox, metrics)
{
    protected override Task Handle(ConsumeContext<StockReceived> context)
    {
        var received = context.Message;
        db.Arrivals.Add(new StockArrivalRecord
        {
            Sku = received.Sku.ToUpperInvariant(), Warehouse = received.Warehouse.ToUpperInvariant(), Quantity = received.Quantity,
            ReceivedAt = received.ReceivedAt,
        });
        return Task.CompletedTask;
    }
}

public sealed class ProductRegisteredConsumer(SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<ProductRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ProductRegistered> context)
    {
        var sku = context.Message.Sku.ToUpperInvariant();
        var known = await db.Skus.FindAsync([sku], context.CancellationToken) ?? db.Skus.Add(new KnownSku { Sku = sku, Name = "" }).Entity;
        known.Name = context.Message.Name;
    }
}

public sealed class WarehouseRegisteredConsumer(SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<WarehouseRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<WarehouseRegistered> context)
    {
        var code = context.Message.Code.ToUpperInvariant();
        var known = await db.Warehouses.FindAsync([code], context.CancellationToken) ?? db.Warehouses.Add(new KnownWarehouse { Code = code, Name = "" }).Entity;
        known.Name = context.Message.Name;
    }
}
