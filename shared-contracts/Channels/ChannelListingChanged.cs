namespace OmniRetail.Contracts.Channels;

/// <summary>A channel lists or delists a SKU, or changes its own price for it (null: the list price).</summary>
[RequiresSubscriber]
public sealed record ChannelListingChanged
{
    public required string ChannelCode { get; init; }

    public required string Sku { get; init; }

    public required bool Listed { get; init; }

    public decimal? Price { get; init; }

    public required DateTime ChangedAt { get; init; }
}
