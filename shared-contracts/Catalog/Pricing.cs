namespace OmniRetail.Contracts.Catalog;

/// <summary>A promotion was created or changed: caches of promotions in force are stale.</summary>
public sealed record PromotionChanged
{
    public required string Code { get; init; }

    public required DateTime StartsAt { get; init; }

    public required DateTime EndsAt { get; init; }

    /// <summary>The SKUs it names. Empty from publishers that predate the field.</summary>
    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>The categories it covers (their products are promoted too).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? Name { get; init; }
}

/// <summary>Asks the catalog what an order's lines cost on its channel at the moment it was placed (answered with <see cref="OrderPriced"/>).</summary>
[RequiresSubscriber]
public sealed record PriceOrder
{
    public required Guid OrderId { get; init; }

    public required string ChannelCode { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyList<PriceOrderLine> Lines { get; init; }
}

public sealed record PriceOrderLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }
}

/// <summary>The catalog's price for an order's lines, with the promotions applied to each.</summary>
[RequiresSubscriber]
public sealed record OrderPriced
{
    public required Guid OrderId { get; init; }

    public required IReadOnlyList<OrderPricedLine> Lines { get; init; }

    /// <summary>Why the order could not be priced (unknown SKU, another currency); the lines are then empty.</summary>
    public string? Problem { get; init; }
}

public sealed record OrderPricedLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    /// <summary>The channel price of one unit before promotions.</summary>
    public required decimal ChannelPrice { get; init; }

    public required decimal Discount { get; init; }

    /// <summary>What the line costs after promotions (the whole line, not one unit).</summary>
    public required decimal NetAmount { get; init; }

    public required IReadOnlyList<string> Promotions { get; init; }
}
