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
        var known = (await OrderRecords.Lock(db, orderIds, cancellationToken)).ToDictionary(o => o.OrderId);
        // Asked again for an order already served or queued (a new message id for the same request): nothing to do.
        var served = (await db.Reservations.Where(r => orderIds.Contains(r.OrderId)).Select(r => r.OrderId)
            .Concat(db.Backorders.Where(b => orderIds.Contains(b.OrderId)).Select(b => b.OrderId))
            .ToListAsync(cancellationToken)).ToHashSet();
        var requests = new List<ReserveStock>();
        foreach (var request in messages.Select(message => message.Message))
        {
            var order = known[request.OrderId];
            // Released: the order was cancelled and its release overtook this request. Stale: a newer request replaced it.
            if (order.ReleasedAt is not null || request.Request < order.LatestRequest || !served.Add(request.OrderId))
            {
                continue;
            }

            order.LatestRequest = request.Request;
            requests.Add(request);
        }

        await reservations.Prepare(requests, cancellationToken);
        foreach (var request in requests)
        {
            await reservations.ReserveOrQueue(request, cancellationToken);
        }
    }
}

/// <summary>
/// Cancellation: every reservation and queue place of the order is given back, waiting orders get their chance, and
/// the order is remembered as released, so a stock request for it that arrives later is refused.
/// </summary>
public sealed class ReleaseStockConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, StockReservations reservations,
    BackorderQueue backorders, TimeProvider clock)
    : InboxConsumer<ReleaseStock>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ReleaseStock> context)
    {
        var orderId = context.Message.OrderId;
        var cancellationToken = context.CancellationToken;
        var order = (await OrderRecords.Lock(db, [orderId], cancellationToken)).Single();
        order.ReleasedAt ??= clock.GetUtcNow().UtcDateTime;

        // Its place in the queue is given up too: orders queued behind it for the same SKUs may now be served.
        var queuedFor = (await db.Backorders.Where(b => b.OrderId == orderId).Select(b => b.Skus).ToListAsync(cancellationToken)).SelectMany(skus => skus).ToList();
        await ledger.Lock(queuedFor, cancellationToken);
        await db.Backorders.Where(b => b.OrderId == orderId).ExecuteDeleteAsync(cancellationToken);
        var freed = (await reservations.Release(orderId, cancellationToken)).Union(queuedFor).ToList();
        if (freed.Count == 0)
        {
            return;
        }

        await db.SaveChangesAsync(cancellationToken);
        await backorders.ReserveWaiting(freed, cancellationToken);
        await ledger.PublishAvailability(freed, cancellationToken);
    }
}

/// <summary>
/// Units that left a warehouse in a shipment leave its stock on hand and the order's reservation there. The shipment is
/// the truth: if the reservation no longer covers it (a till sale withdrew it, or the order was cancelled while the
/// parcel left), the units still leave, and reservations of other orders beyond what is left are withdrawn.
/// </summary>
public sealed class ShipmentDispatchedConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, StockReservations reservations, BackorderQueue backorders)
    : InboxConsumer<ShipmentDispatched>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ShipmentDispatched> context)
    {
        var shipment = context.Message;
        var cancellationToken = context.CancellationToken;
        var reference = shipment.OrderId.ToString();
        var skus = shipment.Lines.Select(line => line.Sku).Distinct().ToList();
        await ledger.Lock(skus, cancellationToken);
        var freed = new HashSet<string>();
        foreach (var line in shipment.Lines.GroupBy(line => line.Sku).Select(sku => new StockLine { Sku = sku.Key, Quantity = sku.Sum(l => l.Quantity) }))
        {
            var level = await ledger.LockOrCreate(line.Sku, shipment.Warehouse, cancellationToken);
            var reservation = await db.Reservations.SingleOrDefaultAsync(
                r => r.OrderId == shipment.OrderId && r.Sku == line.Sku && r.Warehouse == shipment.Warehouse, cancellationToken);
            var covered = Math.Min(reservation?.Quantity ?? 0, line.Quantity);
            if (reservation is not null)
            {
                level.Reserved -= covered;
                reservation.Quantity -= covered;
                if (reservation.Quantity == 0)
                {
                    db.Reservations.Remove(reservation);
                }
            }

            ledger.UnitsLeft(level, line.Quantity, MovementKinds.Shipment, reference, shipment.OrderId);
            freed.UnionWith(await reservations.WithdrawBeyondOnHand(level, $"{line.Quantity} × {line.Sku} shipped from {shipment.Warehouse} beyond its reservation", cancellationToken));
        }

        if (freed.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            await backorders.ReserveWaiting(freed, cancellationToken);
        }

        await ledger.PublishAvailability(skus.Union(freed), cancellationToken);
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
        await ledger.Lock(sold.Select(line => line.Sku), context.CancellationToken);
        var freed = new HashSet<string>();
        foreach (var (sku, quantity) in sold)
        {
            var level = await ledger.LockOrCreate(sku, sale.Warehouse, context.CancellationToken);
            ledger.UnitsLeft(level, quantity, MovementKinds.StoreSale, reference, sale.OrderId);
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

/// <summary>
/// An order's stock record, created if new and locked until the unit of work commits: a stock request and the order's
/// release, arriving on different queues at the same moment, take turns, so a request never queues or reserves for an
/// order whose release has just committed. Orders are locked in id order, before any SKU.
/// </summary>
internal static class OrderRecords
{
    public static async Task<List<StockOrder>> Lock(InventoryDbContext db, Guid[] orderIds, CancellationToken cancellationToken)
    {
        var ids = orderIds.Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO stock_orders ("OrderId", "LatestRequest") SELECT id, 0 FROM unnest({ids}) AS id ORDER BY id ON CONFLICT DO NOTHING""",
            cancellationToken);
        return await db.Orders.FromSql($"""SELECT * FROM stock_orders WHERE "OrderId" = ANY({ids}) ORDER BY "OrderId" FOR UPDATE""").ToListAsync(cancellationToken);
    }
}
