using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.ChannelConnector.Push;

public static class OrderUpdateKinds
{
    public const string Shipped = "order.shipped";
    public const string Delivered = "order.delivered";
    public const string Cancelled = "order.cancelled";
}

/// <summary>
/// Something a channel is to be told about one of its orders (a shipment shipped or delivered, the order cancelled),
/// kept until the channel took it. Unlike stock, every update is sent, one order's in the order they happened.
/// </summary>
public sealed class OrderUpdate
{
    public long Id { get; init; }

    public required string ChannelCode { get; init; }

    public Guid OrderId { get; init; }

    public required string ExternalId { get; init; }

    /// <summary><see cref="OrderUpdateKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Empty for a cancellation.</summary>
    public Guid ShipmentId { get; init; }

    public string? Carrier { get; init; }

    public string? CarrierName { get; init; }

    /// <summary>"" when none: part of what makes an update unique (a shipment sent out anew under another number is told again).</summary>
    public string TrackingNumber { get; init; } = "";

    public string? TrackingUrl { get; init; }

    public List<StockLine> Lines { get; init; } = [];

    public DateTime At { get; init; }

    public DateTime Due { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public int FailedAttempts { get; set; }

    public int FailedRounds { get; set; }

    public DateTime? SettledAt { get; set; }

    /// <summary>What the channel called it (Shopify's fulfillment id), for the updates that follow.</summary>
    public string? ChannelReference { get; set; }
}

/// <summary>An order's shipments as the channel is told them: a generic channel's callback lists them all.</summary>
public sealed class OrderShipment
{
    public Guid OrderId { get; init; }

    public Guid ShipmentId { get; init; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public string? TrackingUrl { get; set; }

    public required string Status { get; set; }
}

/// <summary>Queues the update for the order's channel, once however often the event is delivered; committing wakes the senders.</summary>
public sealed class ShipmentProgressedConsumer(ChannelDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<ShipmentProgressed>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ShipmentProgressed> context)
    {
        var shipment = context.Message;
        var kind = shipment.Progress == ShipmentProgress.Delivered ? OrderUpdateKinds.Delivered : OrderUpdateKinds.Shipped;
        var known = await db.OrderShipments.FindAsync([shipment.OrderId, shipment.ShipmentId], context.CancellationToken)
                    ?? db.OrderShipments.Add(new OrderShipment { OrderId = shipment.OrderId, ShipmentId = shipment.ShipmentId, Status = shipment.Progress }).Entity;
        // Consumed in any order: a shipped event arriving after the delivered one does not take the delivery back.
        var sameParcel = known.TrackingNumber == shipment.TrackingNumber;
        if (!(sameParcel && known.Status == ShipmentProgress.Delivered && shipment.Progress == ShipmentProgress.Shipped))
        {
            (known.Carrier, known.TrackingNumber, known.TrackingUrl, known.Status) = (shipment.CarrierName ?? shipment.Carrier, shipment.TrackingNumber, shipment.TrackingUrl, shipment.Progress);
        }
        await OrderUpdateQueue.Add(db, new OrderUpdate
        {
            ChannelCode = shipment.ChannelCode, OrderId = shipment.OrderId, ExternalId = shipment.ExternalId, Kind = kind, ShipmentId = shipment.ShipmentId,
            Carrier = shipment.Carrier, CarrierName = shipment.CarrierName, TrackingNumber = shipment.TrackingNumber ?? "", TrackingUrl = shipment.TrackingUrl,
            Lines = [.. shipment.Lines], At = shipment.At.UtcDateTime,
        }, context.CancellationToken);
    }
}

/// <summary>An order cancelled in OmniRetail, whatever its channel: what the channel's status query answers.</summary>
public sealed class OrderCancellation
{
    public Guid OrderId { get; init; }

    public DateTime At { get; init; }
}

/// <summary>A generic channel hears that its order was cancelled (Shopify and WooCommerce cancel on their side); every channel's status query shows it.</summary>
public sealed class OrderCancelledConsumer(ChannelDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<OrderCancelled>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        if (await db.OrderCancellations.FindAsync([context.Message.OrderId], context.CancellationToken) is null)
        {
            db.OrderCancellations.Add(new OrderCancellation { OrderId = context.Message.OrderId, At = context.Message.CancelledAt.UtcDateTime });
        }

        var intake = await db.Intakes.AsNoTracking().Where(i => i.OrderId == context.Message.OrderId)
            .Join(db.Channels, i => i.ChannelCode, c => c.Code, (i, c) => new { i.ChannelCode, i.ExternalId, c.Kind })
            .SingleOrDefaultAsync(context.CancellationToken);
        if (intake is not { Kind: Contracts.Channels.ChannelKinds.Generic })
        {
            return;
        }

        await OrderUpdateQueue.Add(db, new OrderUpdate
        {
            ChannelCode = intake.ChannelCode, OrderId = context.Message.OrderId, ExternalId = intake.ExternalId, Kind = OrderUpdateKinds.Cancelled,
            At = context.Message.CancelledAt.UtcDateTime,
        }, context.CancellationToken);
    }
}

public static class OrderUpdateQueue
{
    /// <summary>
    /// Adds the update unless it is there already (the same order, shipment, kind and tracking number), in the caller's
    /// unit of work; a channel with no API to tell (a till, or no outbound settings) is not queued for.
    /// </summary>
    public static async Task Add(ChannelDbContext db, OrderUpdate update, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        if (!await db.Channels.AnyAsync(c => c.Code == update.ChannelCode && c.ProtectedOutbound != null && PushPlanner.PushedKinds.Contains(c.Kind), cancellationToken))
        {
            return;
        }

        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO order_updates ("ChannelCode", "OrderId", "ExternalId", "Kind", "ShipmentId", "Carrier", "CarrierName", "TrackingNumber", "TrackingUrl",
                "Lines", "At", "Due", "FailedAttempts", "FailedRounds")
            VALUES ({update.ChannelCode}, {update.OrderId}, {update.ExternalId}, {update.Kind}, {update.ShipmentId}, {update.Carrier}, {update.CarrierName},
                {update.TrackingNumber}, {update.TrackingUrl}, {System.Text.Json.JsonSerializer.Serialize(update.Lines, System.Text.Json.JsonSerializerOptions.Web)}::jsonb,
                {update.At}, now(), 0, 0)
            ON CONFLICT ("OrderId", "ShipmentId", "Kind", "TrackingNumber") DO NOTHING;
            SELECT pg_notify({PushPlanner.WakeUpChannel}, '');
            """, cancellationToken);
    }
}
