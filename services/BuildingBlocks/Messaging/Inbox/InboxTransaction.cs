using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace OmniRetail.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// The unit of work every consumer and saga runs in: one transaction that records "consumer X processed
/// message M", applies the effects, saves the DbContext (outbox messages included) and commits. A
/// redelivery, or the same message arriving several times at once, finds the record (or waits on its
/// row lock until the first commits) and does nothing.
/// </summary>
internal static class InboxTransaction
{
    private const string ClaimSql =
        $$"""INSERT INTO {{ReliableMessagingModel.InboxTable}} ("Consumer", "MessageId", "ProcessedAt") VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING""";

    // In id order, so two batches claiming overlapping ids take their row locks in the same order.
    private const string ClaimManySql = $$"""
        INSERT INTO {{ReliableMessagingModel.InboxTable}} ("Consumer", "MessageId", "ProcessedAt")
        SELECT {0}, id, now() FROM unnest({1}) AS id ORDER BY id
        ON CONFLICT DO NOTHING
        RETURNING "MessageId" AS "Value"
        """;

    /// <summary>The message's id, or the id it first arrived with when it is a redelivered copy.</summary>
    public static Guid MessageIdOf(ConsumeContext context) =>
        Redelivery.MessageRedelivery.InboxMessageId(context)
        ?? throw new InvalidOperationException(
            $"A message ({string.Join(", ", context.SupportedMessageTypes)}) arrived without a MessageId, so a redelivery could not be recognised.");

    /// <returns>False when the message had already been processed by <paramref name="consumer"/>.</returns>
    public static Task<bool> RunOnce(
        MessagingDbContext db, MessagingMetrics metrics, string consumer, Guid messageId, Func<Task> effects, CancellationToken cancellationToken) =>
        db.InTransaction(async () =>
        {
            // A concurrent duplicate blocks here on the first one's uncommitted row, then finds it.
            if (await db.Database.ExecuteSqlRawAsync(ClaimSql, [consumer, messageId], cancellationToken) == 0)
            {
                metrics.DuplicateSkipped(consumer);
                return false;
            }

            await effects();
            return true;
        }, cancellationToken);

    /// <summary>
    /// <see cref="RunOnce"/> for many messages in one transaction: the ones not processed before are claimed
    /// with one statement and handed to <paramref name="effects"/> in arrival order, once per message id.
    /// </summary>
    public static Task RunMany<TMessage>(
        MessagingDbContext db, MessagingMetrics metrics, string consumer, IReadOnlyList<ConsumeContext<TMessage>> messages,
        Func<IReadOnlyList<ConsumeContext<TMessage>>, Task> effects, CancellationToken cancellationToken)
        where TMessage : class =>
        db.InTransaction(async () =>
        {
            var distinct = messages.DistinctBy(MessageIdOf).ToList();
            var ids = distinct.Select(MessageIdOf).Order().ToArray();
            var claimed = (await db.Database.SqlQueryRaw<Guid>(ClaimManySql, consumer, ids).ToListAsync(cancellationToken)).ToHashSet();
            for (var skipped = messages.Count - claimed.Count; skipped > 0; skipped--)
            {
                metrics.DuplicateSkipped(consumer);
            }

            if (claimed.Count > 0)
            {
                await effects(distinct.Where(message => claimed.Contains(MessageIdOf(message))).ToList());
            }
        }, cancellationToken);
}
