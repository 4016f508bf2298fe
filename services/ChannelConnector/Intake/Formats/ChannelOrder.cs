using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake.Formats;

/// <summary>What every intake format maps a channel's order to, before it gets its OmniRetail id.</summary>
/// <param name="Cancelled">The body says the order is cancelled or refunded at the channel.</param>
public sealed record ChannelOrder(
    string ExternalId,
    DateTimeOffset PlacedAt,
    string Currency,
    SubmittedCustomer Customer,
    SubmittedAddress? ShippingAddress,
    IReadOnlyList<SubmittedLine> Lines,
    decimal Discount,
    decimal Shipping,
    decimal Tax,
    decimal Total,
    string PaymentStatus,
    bool Cancelled = false);
