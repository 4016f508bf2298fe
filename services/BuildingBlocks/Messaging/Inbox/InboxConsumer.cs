using MassTransit;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// A consumer whose effects happen exactly once per message id: <see cref="Handle"/> runs inside an
/// <see cref="InboxTransaction"/>, and what it publishes through <see cref="Outbox"/> commits with it.
/// </summary>
public abstract class InboxConsumer<TMessage>(MessagingDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : IConsumer<TMessage>
    where TMessage : class
{
    protected MessagingDbContext Db => db;

    protected TransactionalOutbox Outbox => outbox;

    public Task Consume(ConsumeContext<TMessage> context) =>
        InboxTransaction.RunOnce(db, metrics, GetType().FullName!, InboxTransaction.MessageIdOf(context), () => Handle(context), context.CancellationToken);

    /// <summary>The consumer's effects: change the DbContext and use <see cref="Outbox"/>; do not save or commit.</summary>
    protected abstract Task Handle(ConsumeContext<TMessage> context);
}
