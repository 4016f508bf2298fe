namespace OmniRetail.Contracts.Channels;

/// <summary>The channel reports that the customer has paid an order it submitted earlier.</summary>
[RequiresSubscriber]
public sealed record ChannelPaymentReported
{
    public required Guid OrderId { get; init; }
}

/// <summary>The channel reports that an order it submitted was cancelled there.</summary>
[RequiresSubscriber]
public sealed record ChannelCancellationReported
{
    public required Guid OrderId { get; init; }

    public required string Reason { get; init; }
}
