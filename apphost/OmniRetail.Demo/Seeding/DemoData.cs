namespace OmniRetail.Demo.Seeding;

public sealed record DemoWarehouse(string Code, string Name, string Country, string Region);

public sealed record DemoProduct(string Sku, string Name, decimal Price, string Category = "");

public sealed record DemoCategory(string Code, string Name, string? Parent);

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

    /// <summary>The days each channel promises its shoppers delivery (the till promises nothing: the customer carries it home).</summary>
    public static int? PromisedDeliveryDays(DemoChannel channel) => channel.Code switch
    {
        "shopify-eu" => 3,
        "woo-us" => 5,
        "webshop" or "mobile-app" => 2,
        _ => null,
    };

    /// <summary>
    /// Three carriers: DHL in Europe (Paket 2 days, Express next day), UPS and USPS in the US. Heavier parcels cost more;
    /// nothing over 31.5 kg (a demo order that heavy is a delivery problem for staff).
    /// </summary>
    /// <param name="secretOf">Each carrier's secret for signing its tracking events.</param>
    public static IReadOnlyList<(string Code, object Registration)> Carriers(Func<string, string> secretOf)
    {
        (string, object) Carrier(string code, string name, string trackingUrlTemplate, params object[] services) =>
            (code, new { code, name, trackingUrlTemplate, secret = secretOf(code), services });

        return
        [
            Carrier("dhl", "DHL", "https://www.dhl.com/de-en/home/tracking.html?tracking-id={trackingNumber}",
                new { code = "paket", name = "DHL Paket", countries = new[] { "DE", "AT", "NL", "FR" }, transitDays = 2,
                    rates = new[] { new { maxWeightGrams = 2000, price = 4.99m, currency = "EUR" }, new { maxWeightGrams = 10000, price = 6.99m, currency = "EUR" }, new { maxWeightGrams = 31500, price = 16.49m, currency = "EUR" } } },
                new { code = "express", name = "DHL Express", countries = new[] { "DE", "AT", "NL", "FR" }, transitDays = 1,
                    rates = new[] { new { maxWeightGrams = 5000, price = 14.90m, currency = "EUR" }, new { maxWeightGrams = 31500, price = 29.90m, currency = "EUR" } } }),
            Carrier("ups", "UPS", "https://www.ups.com/track?tracknum={trackingNumber}",
                new { code = "ground", name = "UPS Ground", countries = new[] { "US" }, transitDays = 4,
                    rates = new[] { new { maxWeightGrams = 5000, price = 9.50m, currency = "EUR" }, new { maxWeightGrams = 31500, price = 18.00m, currency = "EUR" } } },
                new { code = "2day", name = "UPS 2nd Day Air", countries = new[] { "US" }, transitDays = 2,
                    rates = new[] { new { maxWeightGrams = 31500, price = 24.00m, currency = "EUR" } } }),
            Carrier("usps", "USPS", "https://tools.usps.com/go/TrackConfirmAction?tLabels={trackingNumber}",
                new { code = "ground-advantage", name = "USPS Ground Advantage", countries = new[] { "US" }, transitDays = 5,
                    rates = new[] { new { maxWeightGrams = 2000, price = 6.90m, currency = "EUR" }, new { maxWeightGrams = 9000, price = 12.40m, currency = "EUR" } } }),
        ];
    }

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

    /// <summary>The category tree: two departments and their aisles.</summary>
    public static readonly IReadOnlyList<DemoCategory> Categories =
    [
        new("APPAREL", "Apparel", null),
        new("TOPS", "Tops", "APPAREL"),
        new("ACCESSORIES", "Accessories", "APPAREL"),
        new("HOME", "Home", null),
        new("KITCHEN", "Kitchen", "HOME"),
        new("DECOR", "Decor", "HOME"),
        new("STATIONERY", "Stationery", "HOME"),
    ];

    private static readonly Dictionary<string, string> CategoryOfRange = new()
    {
        ["TEE"] = "TOPS", ["HOODIE"] = "TOPS", ["CAP"] = "ACCESSORIES", ["SOCKS"] = "ACCESSORIES", ["TOTE"] = "ACCESSORIES", ["MUG"] = "KITCHEN",
        ["BOTTLE"] = "KITCHEN", ["NOTEBOOK"] = "STATIONERY", ["CANDLE"] = "DECOR", ["BLANKET"] = "DECOR", ["LAMP"] = "DECOR", ["PLANTER"] = "DECOR",
    };

    public static readonly IReadOnlyList<DemoProduct> Products = Ranges
        .SelectMany(range => range.Variants.Select(variant =>
            new DemoProduct($"{range.Code}-{variant}", $"{range.Name}, {variant.ToLowerInvariant()}", range.Price, CategoryOfRange[range.Code])))
        .ToList();

    /// <summary>The product as the catalog holds it: its category, brand, a GTIN-13 with its check digit, and its cost.</summary>
    public static object CatalogEntry(DemoProduct product)
    {
        var digits = $"40123{Products.ToList().IndexOf(product):0000000}";
        var sum = digits.Select((c, i) => (c - '0') * (i % 2 == 0 ? 1 : 3)).Sum();
        return new
        {
            product.Sku, product.Name, product.Price, Currency, categories = new[] { product.Category }, brand = "Northwind Goods",
            gtin = $"{digits}{(10 - (sum % 10)) % 10}", costPrice = Math.Round(product.Price * 0.45m, 2), weightGrams = 400,
            attributes = new Dictionary<string, string> { ["variant"] = product.Sku[(product.Sku.IndexOf('-') + 1)..].ToLowerInvariant() },
        };
    }

    /// <summary>
    /// One running on every online channel, one stackable on Shopify, one buy-two-get-one everywhere, one that starts
    /// later. The simulator prices web shop, app and till baskets with the catalog's quote, as those channels would.
    /// </summary>
    public static IReadOnlyList<object> Promotions(DateTime now) =>
    [
        new { code = "WINTER15", name = "Winter apparel, 15% off", startsAt = now.AddDays(-2), endsAt = now.AddDays(28), channels = new[] { "shopify-eu", "woo-us", "webshop", "mobile-app" },
            categories = new[] { "APPAREL" }, discount = new { kind = "percent", value = 15 }, priority = 10 },
        new { code = "SOCKS-2", name = "2 off each pair of socks", startsAt = now.AddDays(-2), endsAt = now.AddDays(28), channels = new[] { "shopify-eu" },
            skus = new[] { "SOCKS-39-42", "SOCKS-43-46" }, discount = new { kind = "amount", value = 2 }, stackable = true, priority = 5 },
        new { code = "MUGS-3FOR2", name = "Three mugs for the price of two", startsAt = now.AddDays(-2), endsAt = now.AddDays(28),
            categories = new[] { "KITCHEN" }, discount = new { kind = "buyXGetY", buy = 2, get = 1 }, priority = 1 },
        new { code = "NEWYEAR-CANDLES", name = "Candles at 15", startsAt = now.AddDays(30), endsAt = now.AddDays(37), categories = new[] { "DECOR" },
            skus = new[] { "CANDLE-CEDAR", "CANDLE-FIG", "CANDLE-SEA" }, discount = new { kind = "fixedPrice", value = 15 } },
    ];

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
