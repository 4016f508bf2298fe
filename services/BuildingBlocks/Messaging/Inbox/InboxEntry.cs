namespace OmniRetail.BuildingBlocks.Messaging.Inbox;

/// <summary>"Consumer X processed message M", committed with X's effects.</summary>
public sealed class InboxEntry
{
    public required string Consumer { get; init; }

    public Guid MessageId { get; init; }

    public DateTime ProcessedAt { get; init; }
}
