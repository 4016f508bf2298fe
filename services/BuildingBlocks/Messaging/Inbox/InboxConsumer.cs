using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// A consumer whose effects happen exactly once per message id. In one transaction it records
/// "this consumer processed message M", runs <see cref="Handle"/>, saves the DbContext (including any
/// messages <see cref="Outbox"/> collected) and commits. A redelivery, or the same message arriving
/// several times at once, finds the record (or waits on its row lock until the first commits) and
/// does nothing.
/// </summary>
public abstract class InboxConsumer<TMessage>(ServiceDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : IConsumer<TMessage>
    where TMessage : class
{
    private const string ClaimSql =
        $$"""INSERT INTO {{ReliableMessagingModel.InboxTable}} ("Consumer", "MessageId", "ProcessedAt") VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING""";

    protected ServiceDbContext Db => db;

    protected TransactionalOutbox Outbox => outbox;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId, so a redelivery could not be recognised.");
        var consumer = GetType().FullName!;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
            var claimed = await db.Database.ExecuteSqlRawAsync(ClaimSql, [consumer, messageId], context.CancellationToken);
            if (claimed == 0)
            {
                await transaction.RollbackAsync(context.CancellationToken);
                metrics.DuplicateSkipped(consumer);
                return;
            }

            await Handle(context);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
        });
    }

    /// <summary>The consumer's effects: change the DbContext and use <see cref="Outbox"/>; do not save or commit.</summary>
    protected abstract Task Handle(ConsumeContext<TMessage> context);
}
