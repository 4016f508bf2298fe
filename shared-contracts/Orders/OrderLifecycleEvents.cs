using OmniRetail.Contracts.Channels;

namespace OmniRetail.Contracts.Orders;

// The order's life as other services build on it (customers, analytics, channels out). Published by the Order
// service's fulfilment saga, in order per order (one partition per order). Placed, paid, delivered and cancelled happen
// once per order; shipped again if a failed delivery is sent out anew.

/// <summary>An order was taken in from a channel (before review: held orders and till sales too).</summary>
[RequiresSubscriber]
public sealed record OrderPlaced
{
    public required Guid OrderId { get; init; }

    public required string ChannelCode { get; init; }

    public required string ChannelKind { get; init; }

    public required string ExternalId { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }

    public required string Currency { get; init; }

    /// <summary>A keyed hash of the customer's normalised e-mail: the same customer across channels, without the address.</summary>
    public string? CustomerReference { get; init; }

    /// <summary>The customer as the channel gave them (personal data: encrypted wherever it is stored).</summary>
    public SubmittedCustomer Customer { get; init; } = new();

    public string? ShipToCountry { get; init; }

    /// <summary>Where it goes (personal data). Absent from publishers that predate the field.</summary>
    public SubmittedAddress? ShippingAddress { get; init; }

    /// <summary>The order an exchange's replacement order replaces.</summary>
    public Guid? ReplacesOrderId { get; init; }

    public required IReadOnlyList<PlacedLine> Lines { get; init; }

    public decimal Shipping { get; init; }

    public decimal Tax { get; init; }

    public required decimal Total { get; init; }

    public required string PaymentStatus { get; init; }
}

/// <summary>
/// One line with its net amount: quantity × unit price less the line's share of the order discount (shared in
/// proportion to the lines' amounts, in cents, the remainder on the largest line).
/// </summary>
public sealed record PlacedLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    public required decimal UnitPrice { get; init; }

    public required decimal NetAmount { get; init; }
}

/// <summary>Payment for the order was confirmed (at submission or reported later by the channel).</summary>
public sealed record OrderPaid
{
    public required Guid OrderId { get; init; }

    public required DateTimeOffset PaidAt { get; init; }

    public required decimal Total { get; init; }

    public required string Currency { get; init; }
}

/// <summary>Every shipment of the order has left.</summary>
[RequiresSubscriber]
public sealed record OrderShipped
{
    public required Guid OrderId { get; init; }

    public required DateTimeOffset ShippedAt { get; init; }

    public required IReadOnlyList<ShippedParcel> Parcels { get; init; }
}

public sealed record ShippedParcel
{
    public required string Warehouse { get; init; }

    public string? Carrier { get; init; }

    public string? TrackingNumber { get; init; }

    /// <summary>What the parcel carries. Empty from publishers that predate the field.</summary>
    public IReadOnlyList<Inventory.StockLine> Lines { get; init; } = [];
}

/// <summary>The order reached the customer (a till sale is delivered when it is sold).</summary>
public sealed record OrderDelivered
{
    public required Guid OrderId { get; init; }

    public required DateTimeOffset DeliveredAt { get; init; }
}

/// <summary>A carrier or staff reported that the order could not be delivered: an exception someone has to follow up.</summary>
public sealed record OrderDeliveryFailed
{
    public required Guid OrderId { get; init; }

    public required DateTimeOffset FailedAt { get; init; }

    public required string Reason { get; init; }
}

/// <summary>The order was cancelled, by staff, the channel, or an unpaid deadline.</summary>
[RequiresSubscriber]
public sealed record OrderCancelled
{
    public required Guid OrderId { get; init; }

    public required DateTimeOffset CancelledAt { get; init; }

    public required string Reason { get; init; }
}

/// <summary>
/// One shipment of an order left with its carrier (shipped) or reached the customer (delivered): what a channel is told,
/// with the carrier's name, tracking number and link. Published in order per order.
/// </summary>
[RequiresSubscriber]
public sealed record ShipmentProgressed
{
    public required Guid OrderId { get; init; }

    public required string ChannelCode { get; init; }

    public required string ExternalId { get; init; }

    public required Guid ShipmentId { get; init; }

    /// <summary><see cref="ShipmentProgress"/>.</summary>
    public required string Progress { get; init; }

    public required string Carrier { get; init; }

    public string? CarrierName { get; init; }

    public string? TrackingNumber { get; init; }

    public string? TrackingUrl { get; init; }

    public required IReadOnlyList<Inventory.StockLine> Lines { get; init; }

    public required DateTimeOffset At { get; init; }
}

public static class ShipmentProgress
{
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
}
