using MassTransit;
using OmniRetail.Contracts.Inventory;

namespace OmniRetail.Order.Fulfilment;

/// <summary>One order's fulfilment saga. Allocations, shipments and the invoice are JSON documents (mapped by EF); the submitted order is encrypted JSON.</summary>
public sealed class OrderState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public string ChannelCode { get; set; } = "";

    public string ExternalId { get; set; } = "";

    /// <summary>A keyed hash of the customer's e-mail (<c>PersonalDataProtector.LookupKey</c>): finds look-alike orders without storing the address.</summary>
    public string? CustomerLookup { get; set; }

    public decimal Total { get; set; }

    public string PaymentStatus { get; set; } = "";

    /// <summary>Why the order waits for staff (OnHold) or what went wrong (DeliveryFailed), in words.</summary>
    public string? ExceptionReason { get; set; }

    public DateTime? ExceptionSince { get; set; }

    public DateTime ReceivedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid? PaymentDeadlineToken { get; set; }

    /// <summary>The number of the order's latest stock request; Inventory's answers to earlier ones are stale.</summary>
    public int StockRequest { get; set; }

    /// <summary>The order as the channel submitted it, encrypted: it holds the customer's name, e-mail, phone and address.</summary>
    public string Submitted { get; set; } = "";

    public List<StockAllocation> Allocations { get; set; } = [];

    public List<Shipment> Shipments { get; set; } = [];

    public Invoice? Invoice { get; set; }

    /// <summary>The SHA-256 of the shopper's tracking token (<c>PersonalDataProtector.TrackingLookup</c>): finds the order for <c>GET /api/tracking/{token}</c>.</summary>
    public string? TrackingLookup { get; set; }

    /// <summary>The catalog's price for a generic or store order, with each line's promotions; null for other channels and until it answers.</summary>
    public OrderPricing? Pricing { get; set; }
}

/// <summary>Append-only: every transition of an order, with time and cause.</summary>
public sealed class OrderTimelineEntry
{
    public long Id { get; init; }

    public required Guid OrderId { get; init; }

    public required DateTime At { get; init; }

    public required string Status { get; init; }

    public required string Cause { get; init; }
}
