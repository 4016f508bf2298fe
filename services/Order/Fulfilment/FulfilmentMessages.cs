using OmniRetail.Contracts;

namespace OmniRetail.Order.Fulfilment;

// Staff actions and timers: messages the Order service sends to its own saga, so every change to an
// order goes through the one state machine (and its row lock) however it was triggered.

[RequiresSubscriber]
public sealed record HoldReleased(Guid OrderId, string By);

[RequiresSubscriber]
public sealed record CancellationRequested(Guid OrderId, string Reason);

[RequiresSubscriber]
public sealed record ShipmentPacked(Guid OrderId, Guid ShipmentId, string By);

/// <param name="Service">The carrier's service; with <paramref name="OverrideReason"/> when staff chose other than the carrier choice.</param>
[RequiresSubscriber]
public sealed record ShipmentShipped(Guid OrderId, Guid ShipmentId, string Carrier, string TrackingNumber, string By, string? Service = null, string? OverrideReason = null);

[RequiresSubscriber]
public sealed record ShipmentDelivered(Guid OrderId, Guid ShipmentId, string By);

[RequiresSubscriber]
public sealed record ShipmentDeliveryFailed(Guid OrderId, Guid ShipmentId, string Reason, string By);

/// <summary>A carrier reported a shipment's progress (<c>TrackingStatuses</c>), once per event, in whatever order it arrived.</summary>
[RequiresSubscriber]
public sealed record CarrierTrackingReported(Guid OrderId, Guid ShipmentId, string Carrier, string TrackingNumber, string Status, DateTime At, string? Location);

/// <param name="StockRequest">The stock request whose reservation waits for payment; 0 from timers set before the field existed.</param>
[RequiresSubscriber]
public sealed record PaymentDeadlinePassed(Guid OrderId, int StockRequest = 0);

public sealed class FulfilmentOptions
{
    public const string Section = "Orders";

    /// <summary>How long an order with pending payment holds its stock.</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An order still being received or reserved after this long is stuck and shows in the exceptions queue.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An order from the same customer for the same amount within this window looks like a duplicate.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far a generic or store order's net price per unit may be from the catalog's before the order is held (price mismatch).</summary>
    public decimal PriceTolerance { get; set; } = 0.01m;
}
