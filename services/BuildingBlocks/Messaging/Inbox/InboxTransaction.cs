using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

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

    public static Guid MessageIdOf(ConsumeContext context) =>
        context.MessageId
        ?? throw new InvalidOperationException(
            $"A message ({string.Join(", ", context.SupportedMessageTypes)}) arrived without a MessageId, so a redelivery could not be recognised.");

    /// <returns>False when the message had already been processed by <paramref name="consumer"/>.</returns>
    public static Task<bool> RunOnce(
        ServiceDbContext db, MessagingMetrics metrics, string consumer, Guid messageId, Func<Task> effects, CancellationToken cancellationToken) =>
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
}
