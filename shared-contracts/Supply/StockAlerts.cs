namespace OmniRetail.Contracts.Supply;

/// <summary>
/// A SKU entered a condition that needs a buyer's attention: low-stock, stockout-risk, overstock or dead-stock. Raised
/// once when the condition starts; <see cref="StockAlertCleared"/> follows when it ends.
/// </summary>
public sealed record StockAlertRaised
{
    public required Guid AlertId { get; init; }

    public required string Sku { get; init; }

    public required string Kind { get; init; }

    public required DateTime RaisedAt { get; init; }

    /// <summary>The figures that raised it, e.g. "position 12 ≤ reorder point 40.5".</summary>
    public required string Detail { get; init; }
}

public sealed record StockAlertCleared
{
    public required Guid AlertId { get; init; }

    public required string Sku { get; init; }

    public required string Kind { get; init; }

    public required DateTime ClearedAt { get; init; }
}
