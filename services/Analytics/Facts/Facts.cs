namespace OmniRetail.Analytics.Facts;

/// <summary>
/// An order as the reports count it, filled in by its lifecycle events in whatever order they arrive; every fact keeps
/// the time it happened (placed, shipped, delivered, cancelled), so a late event lands in its own period.
/// </summary>
public sealed class OrderFact
{
    public Guid OrderId { get; set; }

    public string Channel { get; set; } = "";

    public string ChannelKind { get; set; } = "";

    public DateTime? PlacedAt { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>The Order service's keyed hash of the customer's e-mail: new and returning customers, never the address.</summary>
    public string? CustomerReference { get; set; }

    /// <summary>The Customer service's id for whoever placed it (the same person across channels), once it has said.</summary>
    public Guid? CustomerId { get; set; }

    public string? ShipToCountry { get; set; }

    public List<FactLine> Lines { get; set; } = [];

    public decimal NetAmount { get; set; }

    public int Units { get; set; }

    public DateTime? ShippedAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    /// <summary>Refunded for returned goods, in the order's currency.</summary>
    public decimal RefundedAmount { get; set; }

    public int UnitsReturned { get; set; }

    /// <summary>The promotions the catalog applied to the order's lines, with their discounts (generic and store orders, priced by the catalog).</summary>
    public List<AppliedPromotion> Promotions { get; set; } = [];

    public bool Placed => PlacedAt is not null;
}

/// <summary>A promoted line: the promotions applied to it and the discount they gave, in the order's currency.</summary>
public sealed record AppliedPromotion(string Sku, IReadOnlyList<string> Codes, decimal Discount);

/// <summary>A SKU's stock as Inventory last told it: the newest position wins, whatever order positions arrive in.</summary>
public sealed class StockFact
{
    public required string Sku { get; set; }

    public int OnHand { get; set; }

    public int Available { get; set; }

    public DateTime AsOf { get; set; }
}

public sealed record FactLine(string Sku, int Quantity, decimal NetAmount);

/// <summary>A channel as the reports group it: its kind and type (presence, ownership).</summary>
public sealed class ChannelFact
{
    public required string Code { get; set; }

    public string Kind { get; set; } = "";

    public string Presence { get; set; } = "";

    public string Ownership { get; set; } = "";
}

/// <summary>A product's categories, for the category breakdown and promotion control groups.</summary>
public sealed class ProductFact
{
    public required string Sku { get; set; }

    public string Name { get; set; } = "";

    public string[] Categories { get; set; } = [];

    /// <summary>The list price of one unit: a promoted line's discount cost is list price × quantity − its net amount.</summary>
    public decimal ListPrice { get; set; }

    public string Currency { get; set; } = "";
}

/// <summary>A promotion as the effect report needs it: when it ran and what it covered.</summary>
public sealed class PromotionFact
{
    public required string Code { get; set; }

    public string Name { get; set; } = "";

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public string[] Skus { get; set; } = [];

    public string[] Categories { get; set; } = [];
}

/// <summary>One shopper event a channel reported; the same event reported twice is one row.</summary>
public sealed class ActivityFact
{
    public long Id { get; set; }

    public required string Channel { get; set; }

    public required string SessionId { get; set; }

    public required string Type { get; set; }

    /// <summary>Empty when the event is about no product (a session).</summary>
    public string Sku { get; set; } = "";

    public DateTime At { get; set; }
}

/// <summary>One survey answer (no customer, no comment).</summary>
public sealed class SurveyFact
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    public int Score { get; set; }

    public string? Channel { get; set; }

    public DateTime AnsweredAt { get; set; }
}
