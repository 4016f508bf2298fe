using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Orders;

// The order's lifecycle events as the customer's history needs them. They may arrive in any order (each type has its own
// queue): whichever comes first creates the row, each fills in its own facts, and the follow-ups (points, surveys,
// tickets) happen once the facts they need are all there.

public sealed class OrderPlacedConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, IdentityResolution identities, OrderFollowUps followUps)
    : InboxConsumer<OrderPlaced>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderPlaced> context)
    {
        var placed = context.Message;
        var order = await OrderRows.FindOrAdd(db, placed.OrderId, context.CancellationToken);
        if (order.Placed)
        {
            return;
        }

        var customer = await identities.Resolve(IdentityResolution.Of(placed), context.CancellationToken);
        order.CustomerId = customer?.Id;
        order.ChannelCode = placed.ChannelCode;
        order.ChannelKind = placed.ChannelKind;
        order.ExternalId = placed.ExternalId;
        order.PlacedAt = placed.PlacedAt.UtcDateTime;
        order.Currency = placed.Currency;
        order.Lines = placed.Lines.Select(line => new OrderedLine(line.Sku.ToUpperInvariant(), line.Quantity, line.UnitPrice, line.NetAmount)).ToList();
        order.NetAmount = placed.Lines.Sum(line => line.NetAmount);
        order.Total = placed.Total;
        order.ReplacesOrderId = placed.ReplacesOrderId;
        if (customer is not null)
        {
            Outbox.Publish(new Contracts.Customers.CustomerOrderLinked { OrderId = placed.OrderId, CustomerId = customer.Id }, partitionKey: customer.Id.ToString());
        }

        await followUps.Settle(order, context.CancellationToken);
    }
}

public sealed class OrderShippedConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, OrderFollowUps followUps)
    : InboxConsumer<OrderShipped>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderShipped> context)
    {
        var shipped = context.Message;
        var order = await OrderRows.FindOrAdd(db, shipped.OrderId, context.CancellationToken);
        // A failed delivery sent out again ships again: the latest shipment's figures stand.
        if (order.ShippedAt is { } known && known > shipped.ShippedAt.UtcDateTime)
        {
            return;
        }

        order.ShippedAt = shipped.ShippedAt.UtcDateTime;
        order.Shipped = shipped.Parcels.SelectMany(parcel => parcel.Lines).GroupBy(line => line.Sku.ToUpperInvariant())
            .Select(sku => new StockLine { Sku = sku.Key, Quantity = sku.Sum(line => line.Quantity) }).ToList();
        await followUps.Settle(order, context.CancellationToken);
    }
}

public sealed class OrderDeliveredConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, OrderFollowUps followUps)
    : InboxConsumer<OrderDelivered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderDelivered> context)
    {
        var order = await OrderRows.FindOrAdd(db, context.Message.OrderId, context.CancellationToken);
        order.DeliveredAt ??= context.Message.DeliveredAt.UtcDateTime;
        await followUps.Settle(order, context.CancellationToken);
    }
}

public sealed class OrderDeliveryFailedConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, OrderFollowUps followUps)
    : InboxConsumer<OrderDeliveryFailed>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderDeliveryFailed> context)
    {
        var order = await OrderRows.FindOrAdd(db, context.Message.OrderId, context.CancellationToken);
        order.DeliveryFailedAt ??= context.Message.FailedAt.UtcDateTime;
        order.DeliveryFailure ??= context.Message.Reason;
        await followUps.Settle(order, context.CancellationToken);
    }
}

public sealed class OrderCancelledConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<OrderCancelled>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        var order = await OrderRows.FindOrAdd(db, context.Message.OrderId, context.CancellationToken);
        order.CancelledAt ??= context.Message.CancelledAt.UtcDateTime;
    }
}

public static class OrderRows
{
    /// <summary>
    /// The order's row under its lock, created empty by whichever of its events comes first: the insert waits for a
    /// racing one and then does nothing, so two events of a new order never fail on each other.
    /// </summary>
    public static async Task<CustomerOrder> FindOrAdd(CustomerDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO customer_orders ("OrderId", "ChannelCode", "ChannelKind", "ExternalId", "Currency", "NetAmount", "Total", "Lines", "Shipped", "RefundedAmount",
                "PointsEarned", "SurveyScheduled", "DeliveryTicketOpened")
            VALUES ({orderId}, '', '', '', '', 0, 0, '[]', '[]', 0, false, false, false)
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        return (await Lock(db, orderId, cancellationToken))!;
    }

    public static Task<CustomerOrder?> Lock(CustomerDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        db.Orders.FromSql($"""SELECT * FROM customer_orders WHERE "OrderId" = {orderId} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
}
