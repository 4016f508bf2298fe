namespace OmniRetail.ChannelConnector.Channels;

public static class ChannelKinds
{
    public const string Shopify = "shopify";
    public const string WooCommerce = "woocommerce";
    public const string Generic = "generic";

    /// <summary>Physical-store till sales: already fulfilled, they only take stock out of the store's warehouse.</summary>
    public const string Store = "store";

    public static readonly IReadOnlyList<string> All = [Shopify, WooCommerce, Generic, Store];
}

public sealed class Channel
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    /// <summary>The shared secret the channel signs its requests with (HMAC-SHA256), encrypted (<c>PersonalDataProtector</c>).</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>Warehouse codes, most preferred first; a store's first entry is the store itself.</summary>
    public string[] WarehousePriorities { get; set; } = [];

    public DateTime RegisteredAt { get; init; }
}
