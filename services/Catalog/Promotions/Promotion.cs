namespace OmniRetail.Catalog.Promotions;

public static class DiscountKinds
{
    public const string Percent = "percent";
    public const string Amount = "amount";
    public const string FixedPrice = "fixedPrice";
    public const string BuyXGetY = "buyXGetY";

    public static readonly IReadOnlyList<string> All = [Percent, Amount, FixedPrice, BuyXGetY];
}

/// <param name="Kind"><see cref="DiscountKinds"/>.</param>
/// <param name="Value">percent: the share off (0–100); amount: off each unit; fixedPrice: what each unit costs; unused for buyXGetY.</param>
/// <param name="Buy">buyXGetY: units bought for every <paramref name="Get"/> free.</param>
public sealed record Discount(string Kind, decimal Value, int Buy, int Get);

/// <summary>A discount on some products (SKUs and categories, none named: all), on some channels (none: all), for a time.</summary>
public sealed class Promotion
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    public string[] Channels { get; set; } = [];

    public string[] Skus { get; set; } = [];

    public string[] Categories { get; set; } = [];

    public required Discount Discount { get; set; }

    /// <summary>The promotion applies only when the basket holds at least this many units it covers.</summary>
    public int MinQuantity { get; set; } = 1;

    public bool Stackable { get; set; }

    public int Priority { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool ActiveAt(DateTime at) => StartsAt <= at && at < EndsAt;

    public bool OnChannel(string channel) => Channels.Length == 0 || Channels.Contains(channel);
}

/// <summary>A channel's own price for a SKU, as the channel connector announced it (null: the list price).</summary>
public sealed class ChannelPrice
{
    public required string ChannelCode { get; init; }

    public required string Sku { get; init; }

    public bool Listed { get; set; }

    public decimal? Price { get; set; }

    public DateTime ChangedAt { get; set; }
}
