using MassTransit;

namespace OmniRetail.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// An <see cref="InboxConsumer{TMessage}"/> that takes messages in batches (MassTransit <see cref="Batch{T}"/>):
/// one transaction, one inbox statement and one commit serve the whole batch, so a busy queue costs a few round
/// trips per batch instead of per message, and row locks the batch needs are taken once. Register it with
/// <see cref="InboxBatchConsumerRegistration.AddInboxBatchConsumer{TConsumer}"/>.
/// </summary>
public abstract class InboxBatchConsumer<TMessage>(MessagingDbContext db, MessagingMetrics metrics) : IConsumer<Batch<TMessage>>
    where TMessage : class
{
    protected MessagingDbContext Db => db;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var consumer = GetType().FullName!;
        var messages = context.Message.ToList();
        try
        {
            await InboxTransaction.RunMany(db, metrics, consumer, messages, Handle, context.CancellationToken);
        }
        catch (Exception exception) when (messages.Count > 1 && exception is not OperationCanceledException)
        {
            // One message spoiled the batch: each on its own, so the others still take effect. If one fails again the
            // batch faults as a whole; on redelivery the inbox skips the ones that took effect here.
            var failures = new List<Exception>();
            foreach (var message in messages)
            {
                try
                {
                    await InboxTransaction.RunMany(db, metrics, consumer, [message], Handle, context.CancellationToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    failures.Add(failure);
                }
            }

            if (failures.Count > 0)
            {
                throw new AggregateException($"{failures.Count} of the batch's {messages.Count} messages failed on their own", failures);
            }
        }
    }

    /// <summary>The batch's effects, messages in arrival order, each message id once: change the DbContext and use the outbox; do not save or commit.</summary>
    protected abstract Task Handle(IReadOnlyList<ConsumeContext<TMessage>> messages);
}

public static class InboxBatchConsumerRegistration
{
    /// <summary>Up to <paramref name="messageLimit"/> messages per batch, waiting at most <paramref name="timeLimit"/> (default 5 ms) to fill one.</summary>
    public static IConsumerRegistrationConfigurator<TConsumer> AddInboxBatchConsumer<TConsumer>(
        this IRegistrationConfigurator bus, int messageLimit = 50, TimeSpan? timeLimit = null)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer>(consumer => consumer.Options<BatchOptions>(batch => batch
            .SetMessageLimit(messageLimit)
            .SetTimeLimit(timeLimit ?? TimeSpan.FromMilliseconds(5))
            .SetConcurrencyLimit(2)));
}
