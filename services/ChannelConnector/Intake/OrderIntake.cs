namespace OmniRetail.ChannelConnector.Intake;

/// <summary>One channel order, accepted: its OmniRetail id, and the payload exactly as the channel sent it (for audit, encrypted: it is full of personal data).</summary>
public sealed class OrderIntake
{
    public required Guid OrderId { get; init; }

    public required string ChannelCode { get; init; }

    public required string ExternalId { get; init; }

    /// <summary>shopify, woocommerce or generic.</summary>
    public required string Format { get; init; }

    public string? IdempotencyKey { get; init; }

    public required string ProtectedPayload { get; init; }

    public required DateTime ReceivedAt { get; init; }
}

/// <summary>A webhook delivery seen once (Shopify and WooCommerce retry with the same delivery id).</summary>
public sealed class WebhookDelivery
{
    public required string ChannelCode { get; init; }

    public required string DeliveryId { get; init; }

    public required string Topic { get; init; }

    public required DateTime ReceivedAt { get; init; }
}
