namespace OmniRetail.Supply.Demand;

/// <summary>
/// An order as demand: its lines count on the day it was placed, unless it was cancelled before it shipped. Events may
/// arrive in any order (a cancellation before its placement); the flags make the outcome the same.
/// </summary>
public sealed class DemandOrder
{
    public required Guid OrderId { get; init; }

    public DateOnly? PlacedOn { get; set; }

    public string? ChannelKind { get; set; }

    public bool Cancelled { get; set; }

    public bool Shipped { get; set; }
}

public sealed class DemandLine
{
    public required Guid OrderId { get; init; }

    public required string Sku { get; init; }

    public required DateOnly Date { get; init; }

    public required int Quantity { get; set; }
}

/// <summary>Units shipped from one warehouse: each warehouse's share of a SKU's demand, for rebalancing.</summary>
public sealed class WarehouseShipment
{
    public required Guid OrderId { get; init; }

    public required string Warehouse { get; init; }

    public required string Sku { get; init; }

    public required DateOnly Date { get; init; }

    public required int Quantity { get; set; }
}

/// <summary>A day of demand brought from the retailer's previous system; importing the day again replaces it.</summary>
public sealed class ImportedDemandDay
{
    public required string Sku { get; init; }

    public required DateOnly Date { get; init; }

    public required int Quantity { get; set; }

    public bool Stockout { get; set; }
}

/// <summary>A day on which the SKU had nothing available to sell, at least for a while.</summary>
public sealed class StockoutDay
{
    public required string Sku { get; init; }

    public required DateOnly Date { get; init; }
}
