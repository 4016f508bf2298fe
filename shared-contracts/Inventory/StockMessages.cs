namespace OmniRetail.Contracts.Inventory;

/// <summary>Reserve every line of an order, all or nothing; short stock puts the whole order in the backorder queue.</summary>
[RequiresSubscriber]
public sealed record ReserveStock
{
    public required Guid OrderId { get; init; }

    public required IReadOnlyList<StockLine> Lines { get; init; }

    /// <summary>The channel's warehouse preference, most preferred first.</summary>
    public IReadOnlyList<string> WarehousePriorities { get; init; } = [];

    /// <summary>Where the order ships to (ISO 3166-1 alpha-2), to prefer warehouses in the customer's region.</summary>
    public string? ShipToCountry { get; init; }

    /// <summary>
    /// Which of the order's stock requests this is (1, 2, ...). An order asks again when its stock is withdrawn
    /// and ignores answers to a request it has replaced. 0 from senders that predate the field.
    /// </summary>
    public int Request { get; init; }
}

public sealed record StockLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }
}

/// <summary>Every line is reserved; the allocation says which warehouse ships what, and why it was chosen.</summary>
[RequiresSubscriber]
public sealed record StockReserved
{
    public required Guid OrderId { get; init; }

    public required IReadOnlyList<StockAllocation> Allocations { get; init; }

    /// <summary>The <see cref="ReserveStock.Request"/> this answers.</summary>
    public int Request { get; init; }
}

public sealed record StockAllocation
{
    public required string Warehouse { get; init; }

    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    public required string Reason { get; init; }
}

/// <summary>Not enough stock: the order waits in the backorder queue and is reserved, oldest first, when stock arrives.</summary>
[RequiresSubscriber]
public sealed record StockBackordered
{
    public required Guid OrderId { get; init; }

    public required IReadOnlyList<StockLine> Short { get; init; }

    /// <summary>The <see cref="ReserveStock.Request"/> this answers.</summary>
    public int Request { get; init; }
}

/// <summary>
/// The order lost every reservation it held for <see cref="Request"/>: a store sold units at the till that were
/// reserved for it. The order must ask for stock again.
/// </summary>
[RequiresSubscriber]
public sealed record StockReservationWithdrawn
{
    public required Guid OrderId { get; init; }

    /// <summary>The <see cref="ReserveStock.Request"/> whose reservations were withdrawn.</summary>
    public required int Request { get; init; }

    public required string Warehouse { get; init; }

    public required string Sku { get; init; }

    public required string Reason { get; init; }
}

/// <summary>Give back every reservation (and backorder place) the order holds.</summary>
[RequiresSubscriber]
public sealed record ReleaseStock
{
    public required Guid OrderId { get; init; }
}

/// <summary>A shipment left a warehouse: its reserved units leave the stock on hand.</summary>
[RequiresSubscriber]
public sealed record ShipmentDispatched
{
    public required Guid OrderId { get; init; }

    public required string Warehouse { get; init; }

    public required IReadOnlyList<StockLine> Lines { get; init; }
}

/// <summary>A physical store sold these units at the till: they leave the store's own stock.</summary>
[RequiresSubscriber]
public sealed record StoreSaleRecorded
{
    public required Guid OrderId { get; init; }

    public required string Warehouse { get; init; }

    public required IReadOnlyList<StockLine> Lines { get; init; }
}

/// <summary>
/// What a SKU can still be sold, summed over warehouses; channels sync their listings from it. Published after every
/// change of the SKU's stock, with the whole position so that replenishment needs no second source.
/// </summary>
[RequiresSubscriber]
public sealed record StockAvailabilityChanged
{
    public required string Sku { get; init; }

    public required int Available { get; init; }

    /// <summary>When the position was read (under the SKU's lock): a consumer keeps the latest and ignores older ones.</summary>
    public DateTime? AsOf { get; init; }

    public int OnHand { get; init; }

    public int Reserved { get; init; }

    /// <summary>Units the backorder queue is waiting for.</summary>
    public int Backordered { get; init; }

    /// <summary>Units transferred between warehouses that have left one and not yet arrived at the other.</summary>
    public int InTransit { get; init; }

    public IReadOnlyList<WarehousePosition> Warehouses { get; init; } = [];
}

public sealed record WarehousePosition
{
    public required string Warehouse { get; init; }

    public required int OnHand { get; init; }

    public required int Reserved { get; init; }
}

/// <summary>Units came into stock (a receipt, found stock); their age starts now. Transfers between warehouses are not receipts.</summary>
[RequiresSubscriber]
public sealed record StockReceived
{
    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public required int Quantity { get; init; }

    public required DateTime ReceivedAt { get; init; }

    public string? Reference { get; init; }
}

/// <summary>A warehouse exists (published again when it changes); stock can be ordered into it.</summary>
[RequiresSubscriber]
public sealed record WarehouseRegistered
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public string? Country { get; init; }
}

/// <summary>Goods of a purchase order were received into a warehouse: a receipt like any other, serving backorders.</summary>
[RequiresSubscriber]
public sealed record ReceivePurchasedStock
{
    public required Guid ReceiptId { get; init; }

    /// <summary>The purchase order's number, written on every movement of the receipt.</summary>
    public required string Reference { get; init; }

    public required string Warehouse { get; init; }

    public required IReadOnlyList<StockLine> Lines { get; init; }
}

/// <summary>
/// Inventory checked its stock ledger (reserved = Σ reservations, on hand = Σ movements, nothing held for cancelled or
/// unknown orders, no servable order left waiting) and the number of violations changed since it last said.
/// </summary>
[RequiresSubscriber]
public sealed record StockLedgerChecked
{
    public required DateTime CheckedAt { get; init; }

    public required int Violations { get; init; }

    /// <summary>Counts per kind, e.g. "2 × reserved".</summary>
    public IReadOnlyList<string> Summary { get; init; } = [];
}
