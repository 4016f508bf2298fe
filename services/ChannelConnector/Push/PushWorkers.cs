using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Persistence;

namespace OmniRetail.ChannelConnector.Push;

public sealed class PushOptions
{
    /// <summary>Requests one channel may have in flight at once (each for a different SKU).</summary>
    public int ConcurrencyPerChannel { get; set; } = 8;

    public int SyncLogRetentionDays { get; set; } = 14;
}

/// <summary>
/// Sends the wanted values (<see cref="PushPlanner"/>) to the channels. One loop per channel, so a channel that is down
/// or slow delays no other. A loop leases due (channel, SKU) rows (<c>FOR UPDATE SKIP LOCKED</c>, so several instances
/// share the work), sends the latest value of each, and settles what the channel answered; a row changed meanwhile is
/// due again at once with its newer value. Committed changes wake the loops through PostgreSQL <c>NOTIFY</c>; a short
/// poll covers retries coming due and a lost listening connection.
/// </summary>
public sealed class PushWorkers(
    IServiceScopeFactory scopes, PushSender sender, ChannelDirectory directory, PushMetrics metrics, PushPulse pulse, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<PushOptions> options, ILogger<PushWorkers> logger) : BackgroundService
{
    /// <summary>Longer than the longest send (every quick retry timing out), so a live worker never loses its lease.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, Task> _workers = [];

    private sealed record RowOutcome(
        ChannelPush Sent, IReadOnlySet<string> Accepted, IReadOnlySet<string> Refused, bool Failed, int FailedAttempts, TimeSpan? RetryAfter,
        IReadOnlyList<SyncAttempt> Log, bool Released);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var code in await PushingChannels(stoppingToken))
                {
                    if (!_workers.ContainsKey(code))
                    {
                        _workers[code] = Task.Run(() => Work(code, stoppingToken), CancellationToken.None);
                    }
                }

                if (clock.GetUtcNow() >= nextHousekeeping)
                {
                    await Housekeeping(stoppingToken);
                    nextHousekeeping = clock.GetUtcNow().AddSeconds(15);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not look for channels to push to; trying again shortly");
            }

            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(2), stoppingToken));
        }

        await Task.WhenAll(_workers.Values);
    }

    private async Task<List<string>> PushingChannels(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await PushWakeUps.PushingChannels(scope.ServiceProvider.GetRequiredService<ChannelDbContext>(), cancellationToken);
    }

    private async Task Work(string channel, CancellationToken stoppingToken)
    {
        var slots = Math.Max(1, options.Value.ConcurrencyPerChannel);
        var inFlight = new List<Task<RowOutcome>>();
        while (true)
        {
            var seen = pulse.Version;
            var done = inFlight.Where(t => t.IsCompleted).ToList();
            inFlight.RemoveAll(t => t.IsCompleted);
            try
            {
                if (done.Count > 0)
                {
                    await Settle(channel, [.. done.Select(t => t.Result)]);
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    if (inFlight.Count == 0)
                    {
                        return;
                    }

                    await Task.WhenAll(inFlight);
                    continue;
                }

                var claimed = inFlight.Count < slots ? await Claim(channel, slots - inFlight.Count, stoppingToken) : [];
                inFlight.AddRange(claimed);
                if (claimed.Count > 0 || done.Count > 0)
                {
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Pushing to channel {Channel} failed; trying again shortly", channel);
            }
            catch (OperationCanceledException)
            {
                continue;
            }

            await Task.WhenAny(inFlight.Cast<Task>().Append(pulse.After(seen)).Append(Task.Delay(Poll, stoppingToken)));
        }
    }

    /// <summary>
    /// Leases up to <paramref name="count"/> due rows of the channel and starts sending each. Nothing between the lease and
    /// the sends heeds the stopping token: a statement cancelled after the lease committed would leave rows leased that
    /// nobody sends until the lease lapses. The sends heed it, and a cancelled send gives its lease back.
    /// </summary>
    private async Task<List<Task<RowOutcome>>> Claim(string channel, int count, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
        var leaseUntil = clock.GetUtcNow().UtcDateTime + Lease;
        var rows = await db.Pushes.FromSql($"""
            UPDATE channel_pushes AS p SET "LeaseUntil" = {leaseUntil}
            FROM (SELECT "ChannelCode", "Sku" FROM channel_pushes
                  WHERE "ChannelCode" = {channel} AND "Due" <= now() AND ("LeaseUntil" IS NULL OR "LeaseUntil" < now())
                    AND ("StockSequence" > "StockSettledSequence" OR ("PriceValue" IS NOT NULL AND "PriceSequence" > "PriceSettledSequence"))
                  ORDER BY "Due" LIMIT {count} FOR UPDATE SKIP LOCKED) AS due
            WHERE p."ChannelCode" = due."ChannelCode" AND p."Sku" = due."Sku"
            RETURNING p.*
            """).AsNoTracking().ToListAsync(CancellationToken.None);
        if (rows.Count == 0)
        {
            return [];
        }

        var skus = rows.Select(r => r.Sku).ToArray();
        var listings = await db.Listings.AsNoTracking().Where(l => l.ChannelCode == channel && skus.Contains(l.Sku)).ToDictionaryAsync(l => l.Sku, CancellationToken.None);
        var known = await directory.Find(db, channel, CancellationToken.None);
        return [.. rows.Select(row => Send(known, row, listings.GetValueOrDefault(row.Sku), stoppingToken))];
    }

    private async Task<RowOutcome> Send(ChannelDirectory.KnownChannel? known, ChannelPush row, Listing? listing, CancellationToken stoppingToken)
    {
        var values = PushedValues.Of(row);
        var requests = known is null || known.Outbound.IsEmpty || listing is null
            ? [.. ChannelRequests.Pending(values)
                .Select(kind => ChannelRequest.Skip(kind, values.SequenceOf(kind), listing is null ? "skipped: the SKU is not listed" : "skipped: the channel has no outbound settings"))]
            : ChannelRequests.For(known.Channel.Kind, known.Outbound, known.Secret, listing, values);
        var accepted = new HashSet<string>();
        var refused = new HashSet<string>();
        var log = new List<SyncAttempt>();
        var failedAttempts = row.FailedAttempts;
        try
        {
            foreach (var request in requests)
            {
                var result = await sender.Send(request, failedAttempts, stoppingToken);
                log.AddRange(request.Kinds.SelectMany(kind => result.Attempts.Select(attempt => new SyncAttempt
                {
                    ChannelCode = row.ChannelCode, Sku = row.Sku, At = attempt.At, Kind = kind, Value = values.ValueOf(kind),
                    Sequence = request.Sequence, Status = attempt.Status, Attempt = attempt.Attempt,
                })));
                foreach (var kind in request.Kinds)
                {
                    metrics.Requested(row.ChannelCode, kind, result.Settlement);
                }

                switch (result.Settlement)
                {
                    case PushSettlement.Accepted:
                        accepted.UnionWith(request.Kinds);
                        failedAttempts = 0;
                        break;
                    case PushSettlement.Refused:
                        refused.UnionWith(request.Kinds);
                        failedAttempts = 0;
                        break;
                    default:
                        // The channel is failing: what is left waits for the next round rather than failing too.
                        return new RowOutcome(row, accepted, refused, true, failedAttempts + result.Attempts.Count, result.RetryAfter, log, false);
                }
            }

            return new RowOutcome(row, accepted, refused, false, 0, null, log, false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new RowOutcome(row, accepted, refused, false, failedAttempts, null, log, true);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Sending {Sku} to channel {Channel} failed unexpectedly", row.Sku, row.ChannelCode);
            return new RowOutcome(row, accepted, refused, true, failedAttempts + 1, null, log, false);
        }
    }

    /// <summary>Records what the channel answered: what it accepted is settled, a failure waits longer each round, and the lease is given back.</summary>
    private async Task Settle(string channel, IReadOnlyList<RowOutcome> outcomes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var skus = outcomes.Select(o => o.Sent.Sku).ToArray();
        await db.InTransaction(async () =>
        {
            var rows = await db.Pushes.FromSql($"""
                SELECT * FROM channel_pushes WHERE "ChannelCode" = {channel} AND "Sku" = ANY({skus}) ORDER BY "Sku" FOR UPDATE
                """).ToDictionaryAsync(r => r.Sku);
            foreach (var outcome in outcomes)
            {
                if (!rows.TryGetValue(outcome.Sent.Sku, out var row))
                {
                    continue;
                }

                var sent = outcome.Sent;
                row.LeaseUntil = null;
                if (outcome.Accepted.Contains(PushKinds.Stock) || outcome.Refused.Contains(PushKinds.Stock))
                {
                    row.StockSettledSequence = Math.Max(row.StockSettledSequence, sent.StockSequence);
                }

                if (outcome.Accepted.Contains(PushKinds.Price) || outcome.Refused.Contains(PushKinds.Price))
                {
                    row.PriceSettledSequence = Math.Max(row.PriceSettledSequence, sent.PriceSequence);
                }

                if (outcome.Accepted.Contains(PushKinds.Stock))
                {
                    (row.PushedStock, row.PushedStockAt) = (sent.StockValue, now);
                    metrics.Accepted(channel, PushKinds.Stock, now - sent.ChangedAt);
                }

                if (outcome.Accepted.Contains(PushKinds.Price))
                {
                    (row.PushedPrice, row.PushedPriceAt) = (sent.PriceValue, now);
                    metrics.Accepted(channel, PushKinds.Price, now - sent.ChangedAt);
                }

                if (outcome.Failed)
                {
                    row.FailedAttempts = outcome.FailedAttempts;
                    row.FailedRounds++;
                    row.Due = now + (outcome.RetryAfter ?? Backoff(row.FailedRounds));
                }
                else if (!outcome.Released)
                {
                    (row.FailedAttempts, row.FailedRounds) = (0, 0);
                }
            }

            db.SyncLog.AddRange(outcomes.SelectMany(o => o.Log));
        }, CancellationToken.None);
    }

    /// <summary>One second after the first failed round, doubling up to <see cref="LongestBackoff"/>, a fifth either way at random so channels recovering are not hit in step.</summary>
    public static TimeSpan Backoff(int failedRounds)
    {
        var wait = TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, Math.Clamp(failedRounds - 1, 0, 10))));
        return wait * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }

    private async Task Housekeeping(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.SyncLogRetentionDays);
        await db.SyncLog.Where(a => a.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        metrics.Backlog(await db.Pushes.CountAsync(p => p.StockSequence > p.StockSettledSequence || (p.PriceValue != null && p.PriceSequence > p.PriceSettledSequence), cancellationToken));
        var exposure = await scope.ServiceProvider.GetRequiredService<AvailableToSell>().Exposure(null, cancellationToken);
        metrics.Exposure(exposure.Sum(e => Math.Max(0, e.Exposure)), exposure.Count(e => e.Exposure > 0));
    }
}
