namespace OmniRetail.Contracts.Catalog;

/// <summary>A SKU exists and can be sold; published again whenever the product changes (name, price, status, details).</summary>
[RequiresSubscriber]
public sealed record ProductRegistered
{
    public required string Sku { get; init; }

    public required string Name { get; init; }

    public required decimal Price { get; init; }

    public required string Currency { get; init; }

    /// <summary><see cref="ProductStatuses"/>; absent from announcers that predate it (read as active).</summary>
    public string Status { get; init; } = ProductStatuses.Active;

    /// <summary>When the catalog made the change, so a consumer can ignore an older announcement arriving late; absent from older announcers.</summary>
    public DateTime? ChangedAt { get; init; }

    public string? Brand { get; init; }

    public string? Gtin { get; init; }

    /// <summary>Category codes, the product's own first and then its ancestors'.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public decimal? CostPrice { get; init; }

    /// <summary>One unit's shipping weight in grams.</summary>
    public int? WeightGrams { get; init; }
}

public static class ProductStatuses
{
    public const string Active = "active";
    public const string Discontinued = "discontinued";

    public static readonly IReadOnlyList<string> All = [Active, Discontinued];
}
