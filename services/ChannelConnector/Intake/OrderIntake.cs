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

/// <summary>
/// A change a channel reported about one of its orders (paid, cancelled), taken once per order: the intent is read from
/// the signed body, so replaying a body, with whatever topic or delivery id, has no second effect.
/// </summary>
public sealed class ChannelOrderReport
{
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";

    public required string ChannelCode { get; init; }

    public required string ExternalId { get; init; }

    public required string Change { get; init; }

    /// <summary>The webhook that first reported it (topic and delivery id as the channel sent them), for support.</summary>
    public required string Topic { get; init; }

    public string? DeliveryId { get; init; }

    public required DateTime ReceivedAt { get; init; }
}
