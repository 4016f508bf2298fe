using Microsoft.EntityFrameworkCore;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Carriers;

public static class TrackingStatuses
{
    public const string InTransit = "in_transit";
    public const string OutForDelivery = "out_for_delivery";
    public const string Delivered = "delivered";
    public const string FailedAttempt = "failed_attempt";
    public const string ReturnedToSender = "returned_to_sender";

    public static readonly IReadOnlyList<string> All = [InTransit, OutForDelivery, Delivered, FailedAttempt, ReturnedToSender];

    /// <summary>What a carrier's status does to a shipment: deliver it, fail it, or (on the way) nothing but the timeline.</summary>
    public static bool Delivers(string status) => status == Delivered;

    public static bool Fails(string status) => status is FailedAttempt or ReturnedToSender;
}

/// <summary>Which shipment a carrier's tracking number belongs to, written when the shipment ships.</summary>
public sealed class ShipmentTracking
{
    public required string Carrier { get; init; }

    public required string TrackingNumber { get; init; }

    public Guid OrderId { get; init; }

    public Guid ShipmentId { get; init; }
}

/// <summary>A tracking event as the carrier sent it, kept once: the same trackingNumber, status and time again is a duplicate.</summary>
public sealed class CarrierEvent
{
    public long Id { get; init; }

    public required string Carrier { get; init; }

    public required string TrackingNumber { get; init; }

    public required string Status { get; init; }

    public DateTime At { get; init; }

    public string? Location { get; init; }

    public DateTime ReceivedAt { get; init; }
}

public static class ShipmentTrackingIndex
{
    /// <summary>Points a carrier's tracking number at the shipment (a number given again, e.g. a corrected label, moves it).</summary>
    public static async Task Remember(OrderDbContext db, string carrier, string trackingNumber, Guid orderId, Guid shipmentId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO shipment_tracking ("Carrier", "TrackingNumber", "OrderId", "ShipmentId") VALUES ({carrier}, {trackingNumber}, {orderId}, {shipmentId})
            ON CONFLICT ("Carrier", "TrackingNumber") DO UPDATE SET "OrderId" = excluded."OrderId", "ShipmentId" = excluded."ShipmentId"
            """, cancellationToken);
}
