using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.Customer.Orders;

/// <summary>
/// An order as the customer's history knows it, built from the Order service's lifecycle events in whatever order they
/// arrive (whichever comes first creates the row). Amounts and SKUs only: nothing personal, so it outlives an erasure.
/// </summary>
public sealed class CustomerOrder
{
    public Guid OrderId { get; set; }

    public Guid? CustomerId { get; set; }

    public string ChannelCode { get; set; } = "";

    public string ChannelKind { get; set; } = "";

    public string ExternalId { get; set; } = "";

    public DateTime? PlacedAt { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>What the customer paid for the goods: the lines' net amounts (discounts and promotions taken off), without shipping and tax.</summary>
    public decimal NetAmount { get; set; }

    public decimal Total { get; set; }

    public List<OrderedLine> Lines { get; set; } = [];

    /// <summary>What left the warehouses, per SKU (the latest shipment's figures when a failed delivery was sent out again).</summary>
    public List<StockLine> Shipped { get; set; } = [];

    public DateTime? ShippedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime? DeliveryFailedAt { get; set; }

    public string? DeliveryFailure { get; set; }

    public DateTime? CancelledAt { get; set; }

    public decimal RefundedAmount { get; set; }

    public Guid? ReplacesOrderId { get; set; }

    public bool PointsEarned { get; set; }

    public bool SurveyScheduled { get; set; }

    public bool DeliveryTicketOpened { get; set; }

    public bool Placed => PlacedAt is not null;

    public string Status => CancelledAt is not null ? OrderStatus.Cancelled
        : DeliveredAt is not null ? OrderStatus.Delivered
        : DeliveryFailedAt is not null ? OrderStatus.DeliveryFailed
        : ShippedAt is not null ? OrderStatus.Shipped
        : OrderStatus.Received;
}

public sealed record OrderedLine(string Sku, int Quantity, decimal UnitPrice, decimal NetAmount)
{
    /// <summary>What one unit was paid: the line's net amount over its quantity, to the cent.</summary>
    public decimal NetUnitPrice => Quantity == 0 ? 0 : Math.Round(NetAmount / Quantity, 2, MidpointRounding.AwayFromZero);
}
