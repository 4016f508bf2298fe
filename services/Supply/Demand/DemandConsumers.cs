using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Orders;
using OmniRetail.Supply.Persistence;

namespace OmniRetail.Supply.Demand;

/// <summary>Every channel's orders, stores included, are demand on the day they were placed. In batches: one per order.</summary>
public sealed class OrderPlacedConsumer(SupplyDbContext db, MessagingMetrics metrics) : InboxBatchConsumer<OrderPlaced>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<OrderPlaced>> messages)
    {
        var orders = await DemandOrders.FindOrAdd(db, messages.Select(m => m.Message.OrderId).ToList(), messages[0].CancellationToken);
        foreach (var placed in messages.Select(m => m.Message))
        {
            var order = orders[placed.OrderId];
            if (order.PlacedOn is not null)
            {
                continue;
            }

            order.PlacedOn = DateOnly.FromDateTime(placed.PlacedAt.UtcDateTime);
            order.ChannelKind = placed.ChannelKind;
            foreach (var sku in placed.Lines.GroupBy(line => line.Sku.ToUpperInvariant()))
            {
                db.DemandLines.Add(new DemandLine { OrderId = placed.OrderId, Sku = sku.Key, Date = order.PlacedOn.Value, Quantity = sku.Sum(line => line.Quantity) });
            }
        }
    }
}

/// <summary>An order cancelled before it shipped was never demand; one cancelled after (a return) was.</summary>
public sealed class OrderCancelledConsumer(SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<OrderCancelled>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        var order = await DemandOrders.FindOrAdd(db, context.Message.OrderId, context.CancellationToken);
        order.Cancelled |= !order.Shipped;
    }
}

/// <summary>Shipped: its demand stays even if it is cancelled later, and each warehouse's share of the SKU's demand grows.</summary>
public sealed class OrderShippedConsumer(SupplyDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<OrderShipped>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderShipped> context)
    {
        var shipped = context.Message;
        var order = await DemandOrders.FindOrAdd(db, shipped.OrderId, context.CancellationToken);
        order.Shipped = true;
        var date = DateOnly.FromDateTime(shipped.ShippedAt.UtcDateTime);
        var known = await db.WarehouseShipments.Where(s => s.OrderId == shipped.OrderId).ToListAsync(context.CancellationToken);
        var lines = shipped.Parcels.SelectMany(parcel => parcel.Lines.Select(line => (Warehouse: parcel.Warehouse.ToUpperInvariant(), Sku: line.Sku.ToUpperInvariant(), line.Quantity)))
            .GroupBy(line => (line.Warehouse, line.Sku));
        foreach (var line in lines)
        {
            // A failed delivery sent out again ships again: the latest shipment's figures stand.
            var row = known.SingleOrDefault(s => s.Warehouse == line.Key.Warehouse && s.Sku == line.Key.Sku);
            if (row is null)
            {
                db.WarehouseShipments.Add(new WarehouseShipment { OrderId = shipped.OrderId, Warehouse = line.Key.Warehouse, Sku = line.Key.Sku, Date = date, Quantity = line.Sum(l => l.Quantity) });
            }
            else
            {
                row.Quantity = line.Sum(l => l.Quantity);
            }
        }
    }
}

internal static class DemandOrders
{
    /// <summary>The order's row, created by whichever of its events comes first; the row lock makes its events take turns.</summary>
    public static async Task<DemandOrder> FindOrAdd(SupplyDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        (await FindOrAdd(db, [orderId], cancellationToken))[orderId];

    public static async Task<Dictionary<Guid, DemandOrder>> FindOrAdd(SupplyDbContext db, IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        var ids = orderIds.Distinct().Order().ToArray();
        var orders = await db.DemandOrders.FromSql($"SELECT * FROM demand_orders WHERE \"OrderId\" = ANY({ids}) ORDER BY \"OrderId\" FOR UPDATE")
            .ToDictionaryAsync(o => o.OrderId, cancellationToken);
        foreach (var id in ids.Where(id => !orders.ContainsKey(id)))
        {
            orders[id] = db.DemandOrders.Add(new DemandOrder { OrderId = id }).Entity;
        }

        return orders;
    }
}
