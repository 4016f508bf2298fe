using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Redelivery;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// How a service publishes, sends and schedules messages: they join the current unit of work on the
/// service's DbContext and leave only if it commits. Call <c>SaveChangesAsync</c> as usual. Bodies
/// are stored encrypted: integration events carry customers' names and addresses.
/// </summary>
public sealed class TransactionalOutbox(MessagingDbContext db, TimeProvider clock, IMessageBodyProtector protector)
{
    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>
    /// The aggregate this unit of work is about (a saga instance's id, set by the saga repository): what it publishes or
    /// sends through MassTransit without a key of its own is delivered in order with everything else about it.
    /// </summary>
    public string? AggregateKey { get; set; }

    /// <param name="partitionKey">Messages with the same key are delivered in the order they were stored.</param>
    /// <param name="messageId">An id chosen by the caller, so that storing the same message twice delivers it once (consumers' inboxes know it).</param>
    public Guid Publish<T>(T message, string? partitionKey = null, Guid? messageId = null) where T : class =>
        Add(message, destination: null, partitionKey, dueAt: null, messageId: messageId);

    public Guid Send<T>(Uri destination, T message, string? partitionKey = null) where T : class =>
        Add(message, destination, partitionKey, dueAt: null);

    /// <summary>Publishes <paramref name="message"/> at <paramref name="dueAt"/>; the returned id cancels it.</summary>
    public Guid Schedule<T>(T message, DateTimeOffset dueAt) where T : class =>
        Add(message, destination: null, partitionKey: null, dueAt.UtcDateTime);

    /// <summary>Cancels a scheduled message that has not been delivered yet, in the current transaction.</summary>
    public async Task<bool> CancelScheduled(Guid scheduleId, CancellationToken cancellationToken = default) =>
        await db.Set<OutboxMessage>()
            .Where(message => message.MessageId == scheduleId && message.DeliveredAt == null)
            .ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// A consumed message that failed (<paramref name="error"/>), sent back to its consumer's queue at <paramref name="dueAt"/>
    /// under its original message id (so the consumer's inbox still recognises it) with its redelivery count; or, when
    /// <paramref name="dead"/>, kept for an operator to look at and replay.
    /// </summary>
    public Guid Redeliver<T>(T message, Uri queue, MessageRedelivery redelivery, DateTimeOffset dueAt, string error, bool dead) where T : class =>
        Add(message, queue, partitionKey: null, dueAt.UtcDateTime, redelivery.Headers(), error, dead);

    private Guid Add<T>(T message, Uri? destination, string? partitionKey, DateTime? dueAt, string? headers = null, string? error = null, bool dead = false,
        Guid? messageId = null)
        where T : class
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = messageId ?? NewId.NextGuid();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = MessageTypes.NameOf(message.GetType()),
            Body = protector.Protect(JsonSerializer.Serialize(message, message.GetType(), Json)),
            DestinationAddress = destination?.ToString(),
            PartitionKey = partitionKey,
            CorrelationId = (message as CorrelatedBy<Guid>)?.CorrelationId,
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            DueAt = dueAt ?? now,
            Headers = headers,
            LastError = error,
            DeadAt = dead ? now : null,
        });
        return id;
    }
}
