namespace OmniRetail.Contracts.Channels;

/// <summary>How a channel reaches shoppers, for reports by channel type.</summary>
public static class ChannelPresence
{
    public const string Online = "online";
    public const string Offline = "offline";

    public static readonly IReadOnlyList<string> All = [Online, Offline];
}

/// <summary>Whether the retailer sells there itself (its web shop, its stores) or through someone else (a marketplace, a distributor).</summary>
public static class ChannelOwnership
{
    public const string Direct = "direct";
    public const string Indirect = "indirect";

    public static readonly IReadOnlyList<string> All = [Direct, Indirect];
}

/// <summary>A channel was registered or changed (published on every registration, so a late consumer catches up).</summary>
public sealed record ChannelRegistered
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    /// <summary><see cref="ChannelPresence"/>.</summary>
    public required string Presence { get; init; }

    /// <summary><see cref="ChannelOwnership"/>.</summary>
    public required string Ownership { get; init; }
}

/// <summary>What shoppers did on a channel (sessions, product views, baskets, checkouts), one signed batch of it.</summary>
[RequiresSubscriber]
public sealed record ChannelActivityReported
{
    public required Guid BatchId { get; init; }

    public required string ChannelCode { get; init; }

    public required IReadOnlyList<ShopperActivity> Events { get; init; }
}

public sealed record ShopperActivity
{
    /// <summary><see cref="ShopperActivityTypes"/>.</summary>
    public required string Type { get; init; }

    public required string SessionId { get; init; }

    public string? Sku { get; init; }

    public required DateTimeOffset At { get; init; }
}

public static class ShopperActivityTypes
{
    public const string Session = "session";
    public const string ProductView = "productView";
    public const string AddToCart = "addToCart";
    public const string CheckoutStarted = "checkoutStarted";

    public static readonly IReadOnlyList<string> All = [Session, ProductView, AddToCart, CheckoutStarted];
}
