using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging.Redelivery;

/// <summary>
/// What happens to a message its consumer fails on. First it is retried in process with exponential backoff
/// (<see cref="ReliableMessagingOptions.Retries"/>): transient failures (a serialization failure, two first events racing
/// on a key, an order whose submission has not committed yet) pass. Then it is not dropped into the error queue: it goes
/// back to its consumer's queue later, through the outbox's durable scheduler (restart-proof, no broker plugin), after each of
/// <see cref="ReliableMessagingOptions.RedeliveryDelays"/>. When those are used up too, it is kept as a dead outbox row
/// that an operator lists and replays (<c>GET .../messages/dead</c>). Batches are left to their consumer's own
/// one-by-one retry and MassTransit's error queue.
/// </summary>
public sealed partial class ScheduledRedeliveryFilter<T>(
    MessagingDbContext db, TransactionalOutbox outbox, IOptions<ReliableMessagingOptions> options, TimeProvider clock,
    ILogger<ScheduledRedeliveryFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    private static readonly bool IsBatch = typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(Batch<>);

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (IsBatch)
        {
            await next.Send(context);
            return;
        }

        try
        {
            await WithRetries(context, next);
        }
        catch (Exception exception) when (!context.CancellationToken.IsCancellationRequested && context.ReceiveContext.InputAddress is not null)
        {
            var redelivery = MessageRedelivery.Of(context);
            var delays = options.Value.RedeliveryDelays;
            var error = $"{exception.GetType().Name}: {exception.Message}";
            var exhausted = redelivery.Count >= delays.Count;
            var dueAt = clock.GetUtcNow() + (exhausted ? TimeSpan.Zero : delays[redelivery.Count]);
            await db.InTransaction(() =>
            {
                outbox.Redeliver(context.Message, context.ReceiveContext.InputAddress, exhausted ? redelivery : redelivery.Next(), dueAt, error, dead: exhausted);
                return Task.CompletedTask;
            }, CancellationToken.None);
            if (exhausted)
            {
                LogDead(typeof(T).Name, redelivery.OriginalMessageId, redelivery.Count, error);
            }
            else
            {
                LogRedelivery(typeof(T).Name, redelivery.OriginalMessageId, redelivery.Count + 1, dueAt, error);
            }
        }
    }

    private async Task WithRetries(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                await next.Send(context);
                return;
            }
            catch (Exception exception) when (retry <= options.Value.Retries && !context.CancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, retry - 1)));
                LogRetry(typeof(T).Name, context.MessageId, retry, delay.TotalMilliseconds, $"{exception.GetType().Name}: {exception.Message}");
                await Task.Delay(delay, clock, context.CancellationToken);
            }
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("scheduledRedelivery");

    [LoggerMessage(LogLevel.Debug, "{MessageType} {MessageId} failed; retry {Retry} in {DelayMs:F0} ms: {Error}")]
    private partial void LogRetry(string messageType, Guid? messageId, int retry, double delayMs, string error);

    [LoggerMessage(LogLevel.Warning, "{MessageType} {MessageId} failed after its retries; redelivery {Redelivery} at {DueAt:u}: {Error}")]
    private partial void LogRedelivery(string messageType, Guid messageId, int redelivery, DateTimeOffset dueAt, string error);

    [LoggerMessage(LogLevel.Error, "{MessageType} {MessageId} failed after {Redeliveries} redeliveries and is dead until an operator replays it: {Error}")]
    private partial void LogDead(string messageType, Guid messageId, int redeliveries, string error);
}
