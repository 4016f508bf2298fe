namespace OmniRetail.Contracts.Channels;

/// <summary>What kind of sales channel submitted an order; decides its webhook format and how it is fulfilled.</summary>
public static class ChannelKinds
{
    public const string Shopify = "shopify";
    public const string WooCommerce = "woocommerce";
    public const string Generic = "generic";

    /// <summary>Physical-store till sales: already fulfilled, they only take stock out of the store's warehouse.</summary>
    public const string Store = "store";

    public static readonly IReadOnlyList<string> All = [Shopify, WooCommerce, Generic, Store];
}
