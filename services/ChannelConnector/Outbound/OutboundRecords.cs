namespace OmniRetail.ChannelConnector.Outbound;

/// <summary>A SKU a channel sells, with the channel's own ids for it and an optional price of its own.</summary>
public sealed class Listing
{
    public required string ChannelCode { get; init; }

    public required string Sku { get; init; }

    public bool Listed { get; set; }

    public decimal? Price { get; set; }

    public string? ExternalProductId { get; set; }

    public string? ExternalVariantId { get; set; }

    public string? ExternalInventoryItemId { get; set; }

    public string? ExternalLocationId { get; set; }
}

public sealed class ChannelExposure
{
    public required string ChannelCode { get; init; }

    public required ExposureRule Rule { get; set; }
}

public sealed class SkuExposure
{
    public required string ChannelCode { get; init; }

    public required string Sku { get; init; }

    public required ExposureOverride Override { get; set; }
}

/// <summary>What one warehouse can still sell of a SKU (on hand − reserved), as Inventory last said.</summary>
public sealed class WarehouseAvailability
{
    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public int Available { get; set; }

    public DateTime AsOf { get; set; }
}
