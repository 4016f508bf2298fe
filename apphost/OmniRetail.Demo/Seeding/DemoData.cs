namespace OmniRetail.Demo.Seeding;

public sealed record DemoWarehouse(string Code, string Name, string Country, string Region);

public sealed record DemoProduct(string Sku, string Name, decimal Price);

/// <param name="Market">Where its customers live: "EU" or "US".</param>
public sealed record DemoChannel(string Code, string Name, string Kind, string Market, params string[] WarehousePriorities);

/// <summary>A small retailer selling apparel and homeware in Europe and North America.</summary>
public static class DemoData
{
    public const string Currency = "EUR";

    public static readonly IReadOnlyList<DemoWarehouse> Warehouses =
    [
        new("BER", "Berlin fulfilment centre", "DE", "Europe"),
        new("RTM", "Rotterdam fulfilment centre", "NL", "Europe"),
        new("EWR", "Newark fulfilment centre", "US", "North America"),
        new("STORE-BER", "Berlin Mitte store", "DE", "Europe"),
    ];

    public static readonly IReadOnlyList<DemoChannel> Channels =
    [
        new("shopify-eu", "Shopify store (EU)", "shopify", "EU", "BER", "RTM"),
        new("woo-us", "WooCommerce shop (US)", "woocommerce", "US", "EWR"),
        new("webshop", "Own web shop", "generic", "EU", "RTM", "BER", "EWR"),
        new("mobile-app", "Mobile app", "generic", "EU", "BER", "RTM"),
        new("store-berlin", "Berlin Mitte store till", "store", "EU", "STORE-BER"),
    ];

    /// <summary>How much of the stock each online channel may show: the marketplace-like ones keep a buffer back.</summary>
    public static object Exposure(DemoChannel channel) => channel.Code switch
    {
        "shopify-eu" => new { percent = 80, bufferUnits = 2, lowStockThreshold = 3 },
        "woo-us" => new { percent = 100, bufferUnits = 0, maxUnits = 50 },
        _ => new { percent = 100, bufferUnits = 0 },
    };

    /// <summary>A product's listing on a channel, with the ids that channel's API knows it by.</summary>
    public static object Listing(DemoChannel channel, int index) => channel.Kind switch
    {
        "shopify" => new
        {
            listed = true, externalProductId = $"{8100000 + index}", externalVariantId = $"{4200000 + index}",
            externalInventoryItemId = $"{4400000 + index}", externalLocationId = "6550001",
        },
        "woocommerce" => new { listed = true, externalProductId = $"{300 + index}" },
        _ => new { listed = true, externalProductId = $"{channel.Code}-{index}" },
    };

    /// <summary>The file in .data/secrets holding a demo channel's secret; run.sh prints the same files.</summary>
    public static string SecretName(DemoChannel channel) => $"channel-{channel.Code}-secret";

    private static readonly (string Code, string Name, decimal Price, string[] Variants)[] Ranges =
    [
        ("TEE", "Organic cotton T-shirt", 24.90m, ["S", "M", "L", "XL"]),
        ("HOODIE", "Heavyweight hoodie", 59.00m, ["S", "M", "L", "XL"]),
        ("CAP", "Six-panel cap", 19.50m, ["BLACK", "NAVY", "SAND"]),
        ("SOCKS", "Merino socks, 3 pairs", 17.90m, ["39-42", "43-46"]),
        ("TOTE", "Canvas tote bag", 14.00m, ["NATURAL", "BLACK"]),
        ("MUG", "Stoneware mug", 12.50m, ["WHITE", "GREEN", "BLUE"]),
        ("BOTTLE", "Insulated bottle 0.75 l", 29.00m, ["STEEL", "BLACK"]),
        ("NOTEBOOK", "Dot-grid notebook A5", 9.90m, ["BLACK", "KRAFT"]),
        ("CANDLE", "Soy candle", 21.00m, ["CEDAR", "FIG", "SEA"]),
        ("BLANKET", "Wool throw blanket", 89.00m, ["GREY", "RUST"]),
        ("LAMP", "Desk lamp", 64.00m, ["BRASS", "BLACK"]),
        ("PLANTER", "Terracotta planter", 18.00m, ["SMALL", "LARGE"]),
    ];

    public static readonly IReadOnlyList<DemoProduct> Products = Ranges
        .SelectMany(range => range.Variants.Select(variant => new DemoProduct($"{range.Code}-{variant}", $"{range.Name}, {variant.ToLowerInvariant()}", range.Price)))
        .ToList();

    /// <summary>
    /// Opening stock, the same on every machine. Every seventh product is scarce so the simulator soon
    /// shows backorders, and a receipt shows them served oldest first.
    /// </summary>
    public static int OpeningStock(DemoProduct product, DemoWarehouse warehouse)
    {
        var index = Products.ToList().IndexOf(product);
        var seed = (index * 31) + warehouse.Code.Length * 17;
        return (index % 7, warehouse.Code) switch
        {
            (0, _) => seed % 4,
            (_, "STORE-BER") => 5 + seed % 10,
            _ => 40 + seed % 160,
        };
    }
}
