using OmniRetail.Contracts.Inventory;

namespace OmniRetail.Supply.Stock;

/// <summary>The SKU's stock as Inventory last said (<see cref="StockAvailabilityChanged"/>), kept only if newer than what we had.</summary>
public sealed class SkuPosition
{
    public required string Sku { get; init; }

    public DateTime AsOf { get; set; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int Available { get; set; }

    public int Backordered { get; set; }

    public int InTransit { get; set; }

    public List<WarehousePosition> Warehouses { get; set; } = [];

    /// <summary>Since when nothing is available; null while something is.</summary>
    public DateTime? OutOfStockSince { get; set; }
}

/// <summary>Units that came into stock; the ageing of what is on hand is computed from them, FIFO.</summary>
public sealed class StockArrivalRecord
{
    public long Id { get; init; }

    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public required int Quantity { get; init; }

    public required DateTime ReceivedAt { get; init; }
}

/// <summary>A SKU the catalogue registered: only these can be ordered or planned.</summary>
public sealed class KnownSku
{
    public required string Sku { get; init; }

    public required string Name { get; set; }
}

/// <summary>A warehouse Inventory registered: purchase orders deliver into these.</summary>
public sealed class KnownWarehouse
{
    public required string Code { get; init; }

    public required string Name { get; set; }
}
