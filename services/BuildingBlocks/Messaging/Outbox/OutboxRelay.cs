using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// Moves committed outbox messages to RabbitMQ. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>,
/// so several instances share the work without sending a row twice at the same time; a row is marked
/// delivered only after the broker confirmed it. A crash before that mark means the row is sent again
/// with the same message id, which the consumer's inbox recognises.
/// </summary>
public sealed partial class OutboxRelay(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    OutboxPublisher publisher,
    MessagingMetrics metrics,
    IOptions<ReliableMessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    // Due and pending, read from the partial index of pending rows by due time (future timers are never scanned); a
    // partitioned message only if no earlier pending message of its partition waits for a later time (a retry after a
    // failure), so nothing overtakes it. The batch takes a partition's whole due prefix, published in order. The
    // advisory lock keeps a partition with one relay instance at a time, so another instance cannot skip the rows this
    // one holds and overtake them.
    private const string ClaimSql = $$"""
        SELECT o.* FROM {{ReliableMessagingModel.OutboxTable}} o
        WHERE o."DeliveredAt" IS NULL AND o."DeadAt" IS NULL AND o."DueAt" <= {0}
          AND (o."PartitionKey" IS NULL OR (
              NOT EXISTS (
                  SELECT 1 FROM {{ReliableMessagingModel.OutboxTable}} earlier
                  WHERE earlier."PartitionKey" = o."PartitionKey" AND earlier."SequenceNumber" < o."SequenceNumber"
                    AND earlier."DeliveredAt" IS NULL AND earlier."DeadAt" IS NULL AND earlier."DueAt" > {0})
              AND pg_try_advisory_xact_lock(hashtext(o."PartitionKey"))))
        ORDER BY o."SequenceNumber"
        LIMIT {1}
        FOR UPDATE OF o SKIP LOCKED
        """;

    private readonly ReliableMessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RelayEnabled)
        {
            return;
        }

        var nextCleanup = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextCleanup)
                {
                    await CleanUp(stoppingToken);
                    nextCleanup = clock.GetUtcNow() + _options.CleanupInterval;
                }

                if (await DeliverBatch(stoppingToken) < _options.BatchSize)
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is unreachable or similar: nothing was marked, so nothing is lost. Try again shortly.
                LogRelayError(exception);
                await PauseUnlessStopping(stoppingToken);
            }
        }
    }

    private async Task PauseUnlessStopping(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(_options.PollInterval, clock, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends the relay.
        }
    }

    /// <summary>Delivers one batch of due messages; returns how many rows it claimed.</summary>
    public async Task<int> DeliverBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var batch = await db.Set<OutboxMessage>().FromSqlRaw(ClaimSql, now, _options.BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return 0;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.PublishTimeout);
            // Different partitions go out concurrently (confirms pipeline); one partition strictly in order,
            // stopping at its first failure so nothing overtakes it.
            var outcomes = await Task.WhenAll(batch
                .GroupBy(message => message.PartitionKey ?? message.MessageId.ToString())
                .Select(partition => publisher.PublishInOrder(partition.ToList(), timeout.Token)));

            var deliveredAt = clock.GetUtcNow().UtcDateTime;
            var delivered = new List<long>(batch.Count);
            foreach (var (message, error) in outcomes.SelectMany(outcome => outcome))
            {
                if (error is null)
                {
                    metrics.RecordLag(deliveredAt - message.DueAt);
                    delivered.Add(message.SequenceNumber);
                }
                else
                {
                    RecordFailure(message, error, deliveredAt);
                }
            }

            // One statement marks the whole batch; only failures (rare) are saved row by row.
            if (delivered.Count > 0)
            {
                await db.Set<OutboxMessage>().Where(message => delivered.Contains(message.SequenceNumber))
                    .ExecuteUpdateAsync(update => update.SetProperty(message => message.DeliveredAt, deliveredAt), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            metrics.Delivered(delivered.Count);
            metrics.DeliveryFailed(batch.Count - delivered.Count);
            return batch.Count;
        });
    }

    private void RecordFailure(OutboxMessage message, Exception error, DateTime now)
    {
        message.Attempts++;
        message.LastError = $"{error.GetType().Name}: {error.Message}";
        if (OutboxPublisher.IsReturned(error))
        {
            // Its consumer has not bound a queue yet (a service starting or down): it waits, however long, outside its
            // partition's order, so nothing behind it waits for a consumer that is not there.
            message.PartitionKey = null;
            metrics.Unrouted(message.MessageType);
        }
        else if ((error is UnreadableMessageException && message.Attempts >= _options.MaxUnreadableAttempts)
            || (!BrokerUnavailable(error) && message.Attempts >= _options.MaxAttempts))
        {
            message.DeadAt = now;
            LogDead(message.MessageId, message.MessageType, message.LastError);
            return;
        }

        // An unrouted event waits for a consumer that may bind any second (a service still starting): it is tried again
        // soon, not after a backoff grown for a broker outage.
        var ceiling = OutboxPublisher.IsReturned(error) ? _options.UnroutedRetryDelay : _options.MaxRetryDelay;
        var backoff = TimeSpan.FromMilliseconds(Math.Min(ceiling.TotalMilliseconds, 200 * Math.Pow(2, Math.Min(message.Attempts, 20))));
        message.DueAt = now + backoff;
        LogRetry(message.MessageId, message.Attempts, backoff.TotalMilliseconds, message.LastError);
    }

    /// <summary>The broker is down or unreachable, or did not answer in time: never a reason to give a message up.</summary>
    private static bool BrokerUnavailable(Exception error) =>
        Find<OperationCanceledException>(error) is not null || Find<TimeoutException>(error) is not null
        || Find<RabbitMqConnectionException>(error) is not null || Find<IOException>(error) is not null
        || Find<System.Net.Sockets.SocketException>(error) is not null
        || Chain(error).Any(e => e.GetType().Name is "BrokerUnreachableException" or "AlreadyClosedException" or "ConnectFailureException");

    private static T? Find<T>(Exception error) where T : Exception => Chain(error).OfType<T>().FirstOrDefault();

    private static IEnumerable<Exception> Chain(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var next))
        {
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private async Task CleanUp(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MessagingDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<OutboxMessage>().Where(message => message.DeliveredAt < now - _options.DeliveredRetention).ExecuteDeleteAsync(cancellationToken);
        await db.Set<Inbox.InboxEntry>().Where(entry => entry.ProcessedAt < now - _options.InboxRetention).ExecuteDeleteAsync(cancellationToken);
        var pending = await db.Set<OutboxMessage>().LongCountAsync(message => message.DeliveredAt == null && message.DeadAt == null, cancellationToken);
        var dead = await db.Set<OutboxMessage>().LongCountAsync(message => message.DeadAt != null, cancellationToken);
        metrics.ObserveOutbox(pending, dead);
    }

    [LoggerMessage(LogLevel.Warning, "Outbox message {MessageId} failed (attempt {Attempts}); retrying in {DelayMs:F0} ms: {Error}")]
    private partial void LogRetry(Guid messageId, int attempts, double delayMs, string error);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} of type {MessageType} is dead and needs an operator: {Error}")]
    private partial void LogDead(Guid messageId, string messageType, string error);

    [LoggerMessage(LogLevel.Error, "The outbox relay failed; it will try again")]
    private partial void LogRelayError(Exception exception);
}
