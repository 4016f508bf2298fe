namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// A message waiting to leave the service, stored in the same transaction as the change that caused
/// it. Also how scheduled messages wait: they are simply due later.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Commit order; the relay delivers in this order.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>Stable across re-deliveries, so consumers recognise a message they already handled.</summary>
    public Guid MessageId { get; init; }

    public required string MessageType { get; init; }

    public required string Body { get; init; }

    /// <summary>Null publishes the message; an address sends it to that queue.</summary>
    public string? DestinationAddress { get; init; }

    /// <summary>
    /// Messages with the same key (for example an order id) are delivered strictly in order. An event that comes back
    /// unrouted (no queue bound for its type yet) leaves its partition, so nothing behind it waits for a consumer that is
    /// not there.
    /// </summary>
    public string? PartitionKey { get; set; }

    public Guid? CorrelationId { get; init; }

    /// <summary>Transport headers to send with the message (JSON object), for a message redelivered to its consumer.</summary>
    public string? Headers { get; init; }

    /// <summary>W3C trace context of the unit of work that stored the message, so its trace continues downstream.</summary>
    public string? TraceParent { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When the message may be delivered: now, a schedule, or the next retry after a failure.</summary>
    public DateTime DueAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Set when the message can never be delivered (its type or body cannot be read); shown to operators.</summary>
    public DateTime? DeadAt { get; set; }
}
