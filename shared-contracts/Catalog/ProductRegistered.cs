namespace OmniRetail.Contracts.Catalog;

/// <summary>A SKU exists and can be sold; published again when its name or price changes.</summary>
[RequiresSubscriber]
public sealed record ProductRegistered
{
    public required string Sku { get; init; }

    public required string Name { get; init; }

    public required decimal Price { get; init; }

    public required string Currency { get; init; }
}
