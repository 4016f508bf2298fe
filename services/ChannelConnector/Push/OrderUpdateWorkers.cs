using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>
/// Tells channels about their orders (<see cref="OrderUpdate"/>) with the delivery rules of the stock push: durable,
/// retried (Polly, then growing waits), logged per attempt, one loop per channel so a channel that is down holds up no
/// other. One order's updates go strictly in the order they happened: an update is sent only when every earlier one of
/// its order has settled.
/// </summary>
public sealed class OrderUpdateWorkers(
    IServiceScopeFactory scopes, PushSender sender, ChannelDirectory directory, PushPulse pulse, PersonalDataProtector protector, TimeProvider clock,
    ILogger<OrderUpdateWorkers> logger) : BackgroundService
{
    private const int Batch = 4;
    private static readonly TimeSpan DeliveredWaitsForShipped = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Task> _workers = [];

    private sealed record Outcome(OrderUpdate Update, PushSettlement Settlement, int Attempts, TimeSpan? RetryAfter, string? Reference, List<SyncAttempt> Log);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var code in await PushWakeUps.PushingChannels(scope.ServiceProvider.GetRequiredService<ChannelDbContext>(), stoppingToken))
                {
                    if (!_workers.ContainsKey(code))
                    {
                        _workers[code] = Task.Run(() => Work(code, stoppingToken), CancellationToken.None);
                    }
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not look for channels to tell about their orders; trying again shortly");
            }

            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(2), stoppingToken));
        }

        await Task.WhenAll(_workers.Values);
    }

    private async Task Work(string channel, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = pulse.Version;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
                // Not cancelled halfway: a lease committed but never read would hold the updates until it lapses.
                var claimed = await Claim(db, channel, CancellationToken.None);
                if (claimed.Count > 0)
                {
                    var known = await directory.Find(db, channel, stoppingToken);
                    var outcomes = await Task.WhenAll(claimed.Select(update => Send(known, update, stoppingToken)));
                    await Settle(outcomes);
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Telling channel {Channel} about its orders failed; trying again shortly", channel);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.WhenAny(pulse.After(seen), Task.Delay(Poll, stoppingToken));
        }
    }

    /// <summary>
    /// Leases the channel's due updates, each the oldest unsettled one of its order by when it happened. Events can be
    /// consumed out of order, so a delivery also waits until its shipment's shipped update went through (at most
    /// <see cref="DeliveredWaitsForShipped"/>: a shipped update that never comes does not hold it for ever).
    /// </summary>
    private async Task<List<OrderUpdate>> Claim(ChannelDbContext db, string channel, CancellationToken cancellationToken)
    {
        var leaseUntil = clock.GetUtcNow().UtcDateTime + PushWorkers.Lease;
        return await db.OrderUpdates.FromSql($"""
            UPDATE order_updates AS u SET "LeaseUntil" = {leaseUntil}
            FROM (SELECT o."Id" FROM order_updates o
                  WHERE o."ChannelCode" = {channel} AND o."SettledAt" IS NULL AND o."Due" <= now() AND (o."LeaseUntil" IS NULL OR o."LeaseUntil" < now())
                    AND NOT EXISTS (SELECT 1 FROM order_updates e WHERE e."OrderId" = o."OrderId" AND e."SettledAt" IS NULL AND (e."At", e."Id") < (o."At", o."Id"))
                    AND (o."Kind" <> {OrderUpdateKinds.Delivered} OR o."At" < now() - {DeliveredWaitsForShipped}
                         OR EXISTS (SELECT 1 FROM order_updates s WHERE s."OrderId" = o."OrderId" AND s."ShipmentId" = o."ShipmentId"
                                    AND s."Kind" = {OrderUpdateKinds.Shipped} AND s."SettledAt" IS NOT NULL))
                  ORDER BY o."At", o."Id" LIMIT {Batch} FOR UPDATE SKIP LOCKED) AS due
            WHERE u."Id" = due."Id"
            RETURNING u.*
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    private async Task<Outcome> Send(ChannelDirectory.KnownChannel? known, OrderUpdate update, CancellationToken cancellationToken)
    {
        var log = new List<SyncAttempt>();
        var attempts = 0;
        if (known is null || known.Outbound.IsEmpty)
        {
            return Refused(update, log, "skipped: the channel has no outbound settings");
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
            async Task<PushResult> Step(ChannelRequest request)
            {
                var result = await sender.Send(request, update.FailedAttempts + attempts, cancellationToken);
                attempts += result.Attempts.Count;
                log.AddRange(result.Attempts.Select(a => Entry(update, a.At, a.Status, a.Attempt)));
                return result;
            }

            switch (known.Channel.Kind)
            {
                case ChannelKinds.Shopify when update.Kind == OrderUpdateKinds.Shipped:
                {
                    var lookup = await Step(OrderUpdateRequests.ShopifyFulfillmentOrders(known.Outbound, update));
                    if (lookup.Settlement != PushSettlement.Accepted)
                    {
                        return new Outcome(update, lookup.Settlement, attempts, lookup.RetryAfter, null, log);
                    }

                    var open = OrderUpdateRequests.OpenFulfillmentOrders(lookup.Body);
                    if (open.Count == 0)
                    {
                        return Refused(update, log, $"skipped: Shopify has no open fulfillment order for order {update.ExternalId}");
                    }

                    var fulfilled = await Step(OrderUpdateRequests.ShopifyFulfillment(known.Outbound, update, open));
                    return new Outcome(update, fulfilled.Settlement, attempts, fulfilled.RetryAfter, OrderUpdateRequests.FulfillmentId(fulfilled.Body), log);
                }

                case ChannelKinds.Shopify when update.Kind == OrderUpdateKinds.Delivered:
                {
                    var fulfillment = await db.OrderUpdates.AsNoTracking()
                        .Where(u => u.OrderId == update.OrderId && u.ShipmentId == update.ShipmentId && u.Kind == OrderUpdateKinds.Shipped && u.ChannelReference != null)
                        .OrderByDescending(u => u.Id).Select(u => u.ChannelReference).FirstOrDefaultAsync(cancellationToken);
                    if (fulfillment is null)
                    {
                        return Refused(update, log, "skipped: Shopify never took the shipment's fulfillment");
                    }

                    var delivered = await Step(OrderUpdateRequests.ShopifyDelivered(known.Outbound, update, fulfillment));
                    return new Outcome(update, delivered.Settlement, attempts, delivered.RetryAfter, null, log);
                }

                case ChannelKinds.WooCommerce:
                {
                    foreach (var request in OrderUpdateRequests.WooCommerce(known.Outbound, update))
                    {
                        var result = await Step(request);
                        if (result.Settlement != PushSettlement.Accepted)
                        {
                            return new Outcome(update, result.Settlement, attempts, result.RetryAfter, null, log);
                        }
                    }

                    return new Outcome(update, PushSettlement.Accepted, attempts, null, null, log);
                }

                case ChannelKinds.Generic:
                {
                    var shipments = await db.OrderShipments.AsNoTracking().Where(s => s.OrderId == update.OrderId).OrderBy(s => s.ShipmentId).ToListAsync(cancellationToken);
                    var told = await Step(OrderUpdateRequests.Generic(known.Outbound, known.Secret, update, shipments, protector.TrackingToken(update.OrderId)));
                    return new Outcome(update, told.Settlement, attempts, told.RetryAfter, null, log);
                }

                default:
                    return Refused(update, log, $"skipped: a {known.Channel.Kind} channel is not told about {update.Kind}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the lease is given back below and the update sent again by whoever runs next.
            return new Outcome(update, PushSettlement.Failed, 0, TimeSpan.Zero, null, log);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Telling channel {Channel} about order {Order} failed unexpectedly", update.ChannelCode, update.ExternalId);
            return new Outcome(update, PushSettlement.Failed, attempts + 1, null, null, log);
        }
    }

    private Outcome Refused(OrderUpdate update, List<SyncAttempt> log, string reason)
    {
        log.Add(Entry(update, clock.GetUtcNow().UtcDateTime, reason, update.FailedAttempts + 1));
        return new Outcome(update, PushSettlement.Refused, 0, null, null, log);
    }

    private static SyncAttempt Entry(OrderUpdate update, DateTime at, string status, int attempt) => new()
    {
        ChannelCode = update.ChannelCode, Sku = "", OrderExternalId = update.ExternalId, At = at, Kind = update.Kind,
        Value = update.TrackingNumber, Sequence = update.Id, Status = status.Length > 300 ? status[..300] : status, Attempt = attempt,
    };

    private async Task Settle(IReadOnlyList<Outcome> outcomes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = outcomes.Select(o => o.Update.Id).ToArray();
        await db.InTransaction(async () =>
        {
            var rows = await db.OrderUpdates.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id);
            foreach (var outcome in outcomes)
            {
                var row = rows[outcome.Update.Id];
                row.LeaseUntil = null;
                if (outcome.Settlement == PushSettlement.Failed)
                {
                    if (outcome.RetryAfter == TimeSpan.Zero && outcome.Attempts == 0)
                    {
                        continue;
                    }

                    row.FailedAttempts += outcome.Attempts;
                    row.FailedRounds++;
                    row.Due = now + (outcome.RetryAfter ?? PushWorkers.Backoff(row.FailedRounds));
                    continue;
                }

                (row.SettledAt, row.ChannelReference, row.FailedAttempts, row.FailedRounds) = (now, outcome.Reference, 0, 0);
            }

            db.SyncLog.AddRange(outcomes.SelectMany(o => o.Log));
        }, CancellationToken.None);
    }
}
