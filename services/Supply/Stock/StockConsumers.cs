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
/// Keeps the SKU's latest position (an older event arriving late changes nothing), the days it had nothing to sell, and
/// the SKU's alerts up to date with it.
/// </summary>
public sealed class StockAvailabilityChangedConsumer(
    SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, TimeProvider clock, PolicyRecompute policies)
    : InboxConsumer<StockAvailabilityChanged>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<StockAvailabilityChanged> context)
    {
        var changed = context.Message;
        var sku = changed.Sku.ToUpperInvariant();
        var cancellationToken = context.CancellationToken;
        await SkuLocks.Take(db, [sku], cancellationToken);
        var asOf = changed.AsOf ?? clock.GetUtcNow().UtcDateTime;
        var position = await db.Positions.FindAsync([sku], cancellationToken) ?? db.Positions.Add(new SkuPosition { Sku = sku, AsOf = DateTime.MinValue }).Entity;
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
            await StockoutDays.Record(db, sku, since, asOf, cancellationToken);
            position.OutOfStockSince = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await policies.RefreshPositions([sku], cancellationToken);
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
