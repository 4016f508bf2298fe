namespace OmniRetail.Supply.Suppliers;

public sealed class Supplier
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    /// <summary>ISO 4217; the supplier's prices and order cost are in it.</summary>
    public required string Currency { get; set; }

    /// <summary>The supplier's stated lead time, used until enough purchase orders have been received to measure it.</summary>
    public required double LeadTimeDays { get; set; }

    public required double LeadTimeStdDevDays { get; set; }

    /// <summary>The fixed cost of placing one purchase order (S in the EOQ).</summary>
    public required decimal OrderCost { get; set; }
}

/// <summary>What a supplier sells one SKU for. A SKU can have several; the preferred one is ordered from.</summary>
public sealed class SupplierOffer
{
    public required string SupplierCode { get; init; }

    public required string Sku { get; init; }

    public required decimal UnitCost { get; set; }

    public required int MinOrderQuantity { get; set; }

    public required int PackSize { get; set; }

    public required bool Preferred { get; set; }

    /// <summary>All-units discounts: from MinQuantity units in one order, every unit costs UnitCost.</summary>
    public List<PriceBreak> PriceBreaks { get; set; } = [];

    /// <summary>The unit cost for an order of this many units: the best tier reached.</summary>
    public decimal UnitCostFor(int quantity) =>
        PriceBreaks.Where(b => b.MinQuantity <= quantity).OrderByDescending(b => b.MinQuantity).Select(b => (decimal?)b.UnitCost).FirstOrDefault() ?? UnitCost;
}

public sealed record PriceBreak(int MinQuantity, decimal UnitCost);
