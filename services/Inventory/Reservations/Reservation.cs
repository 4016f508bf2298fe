using OmniRetail.Contracts.Inventory;

namespace OmniRetail.Inventory.Reservations;

/// <summary>Units of one SKU held in one warehouse for one order, and why that warehouse was chosen.</summary>
public sealed class Reservation
{
    public required Guid OrderId { get; init; }

    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public required int Quantity { get; set; }

    /// <summary>The order's <see cref="Contracts.Inventory.ReserveStock.Request"/> this reservation answered.</summary>
    public int Request { get; init; }

    public required string Reason { get; init; }

    public required DateTime ReservedAt { get; init; }
}

/// <summary>An order waiting for stock. <see cref="Sequence"/> orders the queue: oldest first.</summary>
public sealed class Backorder
{
    public long Sequence { get; init; }

    public required Guid OrderId { get; init; }

    public required string[] Skus { get; init; }

    /// <summary>The original request, replayed when stock arrives.</summary>
    public required ReserveStock Request { get; init; }

    public required DateTime QueuedAt { get; init; }
}

/// <summary>
/// What Inventory knows of an order: the latest stock request it has seen, and whether the order was released
/// (cancelled). A release is final: a stock request that arrives after it (the two travel on different queues) is
/// refused, so a cancelled order never holds stock.
/// </summary>
public sealed class StockOrder
{
    public required Guid OrderId { get; init; }

    public int LatestRequest { get; set; }

    public DateTime? ReleasedAt { get; set; }
}
