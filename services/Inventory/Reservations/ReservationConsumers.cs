using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Stock;

namespace OmniRetail.Inventory.Reservations;

/// <summary>
/// Reserves orders in batches: the stock rows of every SKU in the batch are locked in one statement, the batch
/// commits once, and in between each order costs no round trip. Orders are served in the order their requests arrived.
/// </summary>
public sealed class ReserveStockConsumer(InventoryDbContext db, MessagingMetrics metrics, StockReservations reservations)
    : InboxBatchConsumer<ReserveStock>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<ReserveStock>> messages)
    {
        var cancellationToken = messages[0].CancellationToken;
        var orderIds = messages.Select(message => message.Message.OrderId).Distinct().ToArray();
        // Asked again for an order already served or queued (a new message id for the same request): nothing to do.
        var served = (await db.Reservations.Where(r => orderIds.Contains(r.OrderId)).Select(r => r.OrderId)
            .Concat(db.Backorders.Where(b => orderIds.Contains(b.OrderId)).Select(b => b.OrderId))
            .ToListAsync(cancellationToken)).ToHashSet();
        var requests = messages.Select(message => message.Message).Where(request => served.Add(request.OrderId)).ToList();
        await reservations.Prepare(requests, cancellationToken);
        foreach (var request in requests)
        {
            await reservations.ReserveOrQueue(request, cancellationToken);
        }
    }
}

/// <summary>Cancellation: every reservation and queue place of the order is given back, and waiting orders get their chance.</summary>
public sealed class ReleaseStockConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, StockReservations reservations, BackorderQueue backorders)
    : InboxConsumer<ReleaseStock>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ReleaseStock> context)
    {
        var orderId = context.Message.OrderId;
        await db.Backorders.Where(b => b.OrderId == orderId).ExecuteDeleteAsync(context.CancellationToken);
        var freed = await reservations.Release(orderId, context.CancellationToken);
        if (freed.Count == 0)
        {
            return;
        }

        await db.SaveChangesAsync(context.CancellationToken);
        await backorders.ReserveWaiting(freed, context.CancellationToken);
        await ledger.PublishAvailability(freed, context.CancellationToken);
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

/// <summary>
/// A store's till sale: the units leave that store's own stock. The till is the truth: what it sold beyond the
/// recorded stock is booked as found stock first (so the store gets counted), and units it sold that were reserved
/// for other orders are withdrawn from the newest of them.
/// </summary>
public sealed class StoreSaleRecordedConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, StockReservations reservations, BackorderQueue backorders)
    : InboxConsumer<StoreSaleRecorded>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<StoreSaleRecorded> context)
    {
        var sale = context.Message;
        var reference = sale.OrderId.ToString();
        var sold = sale.Lines.GroupBy(line => line.Sku).OrderBy(sku => sku.Key, StringComparer.Ordinal).Select(sku => (Sku: sku.Key, Quantity: sku.Sum(line => line.Quantity)))
            .ToList();
        var freed = new HashSet<string>();
        foreach (var (sku, quantity) in sold)
        {
            var level = await ledger.LockOrCreate(sku, sale.Warehouse, context.CancellationToken);
            if (level.OnHand < quantity)
            {
                ledger.Move(level, quantity - level.OnHand, "adjustment", $"the till sold {quantity} with {level.OnHand} on record; count the store", reference);
            }

            ledger.Move(level, -quantity, "store-sale", reference: reference, orderId: sale.OrderId);
            freed.UnionWith(await reservations.WithdrawBeyondOnHand(level, $"{quantity} × {sku} sold at the till in {sale.Warehouse}", context.CancellationToken));
        }

        if (freed.Count > 0)
        {
            await db.SaveChangesAsync(context.CancellationToken);
            await backorders.ReserveWaiting(freed, context.CancellationToken);
        }

        await ledger.PublishAvailability(sold.Select(line => line.Sku).Union(freed), context.CancellationToken);
    }
}
