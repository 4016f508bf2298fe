namespace OmniRetail.Contracts.Channels;

/// <summary>
/// A channel's order, accepted and durable, in OmniRetail's own terms whatever format it arrived in.
/// Published once per external order: redeliveries of the same channel order map to the same OrderId.
/// </summary>
[RequiresSubscriber]
public sealed record OrderSubmitted
{
    public required Guid OrderId { get; init; }

    public required string ChannelCode { get; init; }

    /// <summary>shopify, woocommerce, generic or store.</summary>
    public required string ChannelKind { get; init; }

    public required string ExternalId { get; init; }

    public required DateTimeOffset PlacedAt { get; init; }

    public required string Currency { get; init; }

    public required SubmittedCustomer Customer { get; init; }

    public SubmittedAddress? ShippingAddress { get; init; }

    public required IReadOnlyList<SubmittedLine> Lines { get; init; }

    public decimal Discount { get; init; }

    /// <summary>The days within which the channel promises delivery (chooses the carrier service); null: no promise, or a submitter that predates it.</summary>
    public int? PromisedDeliveryDays { get; init; }

    /// <summary>The shopper's tracking token (returned to the channel in the intake's 202); null from submitters that predate it.</summary>
    public string? TrackingToken { get; init; }

    public decimal Shipping { get; init; }

    public decimal Tax { get; init; }

    /// <summary>What the customer pays: lines − discount + shipping + tax.</summary>
    public required decimal Total { get; init; }

    /// <summary>paid, pending or cod.</summary>
    public required string PaymentStatus { get; init; }

    /// <summary>The channel's warehouse preference, most preferred first.</summary>
    public IReadOnlyList<string> WarehousePriorities { get; init; } = [];

    /// <summary>
    /// The order this one replaces in an exchange (set by the Customer service): its lines are the replacement goods, already
    /// paid for by the goods returned, so it is not priced again.
    /// </summary>
    public Guid? ReplacesOrderId { get; init; }
}

public sealed record SubmittedCustomer
{
    /// <summary>The channel's own id for the customer (Shopify's customer id, WooCommerce's customer_id), when it has one.</summary>
    public string? ChannelCustomerId { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }
}

public sealed record SubmittedAddress
{
    public string? Name { get; init; }

    public string? Line1 { get; init; }

    public string? Line2 { get; init; }

    public string? City { get; init; }

    public string? Region { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }
}

public sealed record SubmittedLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    public required decimal UnitPrice { get; init; }
}
