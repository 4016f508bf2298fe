using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Stock;

namespace OmniRetail.Inventory.Reservations;

public sealed class ReserveStockConsumer(InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockReservations reservations)
    : InboxConsumer<ReserveStock>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ReserveStock> context)
    {
        var orderId = context.Message.OrderId;
        if (await db.Reservations.AnyAsync(r => r.OrderId == orderId) || await db.Backorders.AnyAsync(b => b.OrderId == orderId))
        {
            return; // Asked again for an order already served or queued (a new message id for the same request).
        }

        await reservations.ReserveOrQueue(context.Message, context.CancellationToken);
    }
}

/// <summary>Cancellation: every reservation and queue place of the order is given back, and waiting orders get their chance.</summary>
public sealed class ReleaseStockConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, BackorderQueue backorders)
    : InboxConsumer<ReleaseStock>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ReleaseStock> context)
    {
        var orderId = context.Message.OrderId;
        await db.Backorders.Where(b => b.OrderId == orderId).ExecuteDeleteAsync(context.CancellationToken);
        var held = await db.Reservations.Where(r => r.OrderId == orderId).ToListAsync(context.CancellationToken);
        if (held.Count == 0)
        {
            return;
        }

        var skus = held.Select(r => r.Sku).Distinct().ToList();
        var stock = await ledger.Lock(skus, context.CancellationToken);
        foreach (var reservation in held)
        {
            stock.Single(level => level.Sku == reservation.Sku && level.Warehouse == reservation.Warehouse).Reserved -= reservation.Quantity;
        }

        db.Reservations.RemoveRange(held);
        await db.SaveChangesAsync(context.CancellationToken);
        await backorders.ReserveWaiting(skus, context.CancellationToken);
        await ledger.PublishAvailability(skus, context.CancellationToken);
    }
}

/// <summary>Units that left a warehouse in a shipment leave both its reservations and its stock on hand.</summary>
public sealed class ShipmentDispatchedConsumer(InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger)
    : InboxConsumer<ShipmentDispatched>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ShipmentDispatched> context)
    {
        var shipment = context.Message;
        var stock = await ledger.Lock(shipment.Lines.Select(line => line.Sku), context.CancellationToken);
        foreach (var line in shipment.Lines)
        {
            var reservation = await db.Reservations.SingleAsync(
                r => r.OrderId == shipment.OrderId && r.Sku == line.Sku && r.Warehouse == shipment.Warehouse, context.CancellationToken);
            var level = stock.Single(l => l.Sku == line.Sku && l.Warehouse == shipment.Warehouse);
            level.Reserved -= line.Quantity;
            ledger.Move(level, -line.Quantity, "shipment", orderId: shipment.OrderId);
            reservation.Quantity -= line.Quantity;
            if (reservation.Quantity == 0)
            {
                db.Reservations.Remove(reservation);
            }
        }
    }
}

/// <summary>A store's till sale: the units leave that store's own stock.</summary>
public sealed class StoreSaleRecordedConsumer(InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger)
    : InboxConsumer<StoreSaleRecorded>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<StoreSaleRecorded> context)
    {
        var sale = context.Message;
        foreach (var line in sale.Lines)
        {
            var level = await ledger.LockOrCreate(line.Sku, sale.Warehouse, context.CancellationToken);
            ledger.Move(level, -line.Quantity, "store-sale", reference: sale.OrderId.ToString(), orderId: sale.OrderId);
        }

        await ledger.PublishAvailability(sale.Lines.Select(line => line.Sku), context.CancellationToken);
    }
}
