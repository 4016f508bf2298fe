namespace OmniRetail.Supply.Replenishment;

/// <summary>One occurrence of an alert condition; at most one uncleared per SKU and kind (a partial unique index).</summary>
public sealed class StockAlert
{
    public required Guid Id { get; init; }

    public required string Sku { get; init; }

    public required string Kind { get; init; }

    public required DateTime RaisedAt { get; init; }

    public required string Detail { get; set; }

    public DateTime? ClearedAt { get; set; }
}
