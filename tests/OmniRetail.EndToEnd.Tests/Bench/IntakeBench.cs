using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using MassTransit;
using Npgsql;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Demo.Gateway;
using OmniRetail.Demo.Simulation;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.EndToEnd.Tests.Crashes;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Bench;

/// <summary>
/// On demand only (<c>OMNIRETAIL_BENCH=1</c>). Signed orders posted open-loop (a constant rate that does
/// not slow down when the system does) at increasing rates, through the gateway and to the channel
/// connector directly, alternating within each step so machine noise hits both. Reports accepted
/// orders/s, acceptance latency, time from accept to stock reserved, a sustained run, and one hot SKU's
/// reservation rate next to a raw conditional UPDATE on one row of the same database server.
/// </summary>
[Collection(nameof(CrashTests))]
public sealed class IntakeBench(WholeStack stack)
{
    private static readonly TimeSpan StepDuration = TimeSpan.FromSeconds(Setting("OMNIRETAIL_BENCH_STEP_SECONDS", 10));
    private static readonly TimeSpan SustainedDuration = TimeSpan.FromSeconds(Setting("OMNIRETAIL_BENCH_SUSTAINED_SECONDS", 60));
    private static readonly TimeSpan Drain = TimeSpan.FromMinutes(5);
    private const int Skus = 20;
    private const int HotRequests = 5_000;
    private static readonly ServiceResource[] RelayingServices =
        [ResourceNames.Service("channel-connector"), ResourceNames.Service("order"), ResourceNames.Service("inventory")];
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private long _sequence;

    [Fact(Skip = Benchmarks.SkipReason, SkipType = typeof(Benchmarks), SkipUnless = nameof(Benchmarks.Enabled))]
    public async Task Orders_accepted_and_reserved_at_increasing_constant_rates()
    {
        var output = new BenchmarkOutput(TestContext.Current);
        using var staff = await SignIn(stack);
        var warehouse = $"B{_run}";
        var channel = $"bench-{_run.ToLowerInvariant()}";
        var secret = $"secret-{channel}-0123456789";
        var skus = Enumerable.Range(0, Skus).Select(i => $"BENCH-{_run}-{i:D2}").ToList();
        var hotSku = $"HOT-{_run}";
        await staff.Warehouse(warehouse, "DE", "EU-Central");
        foreach (var sku in skus.Append(hotSku))
        {
            await staff.Product(sku, 10m);
            await staff.Receive(warehouse, sku, 10_000_000);
        }

        await staff.Channel(channel, "generic", secret, warehouse);
        await staff.OrderServiceLearns(hotSku);

        using var gateway = LoadClient(ResourceNames.Gateway);
        using var direct = LoadClient(ResourceNames.Service("channel-connector").Name);
        var targets = new[] { ("gateway", gateway), ("direct", direct) };
        // A cold stack JITs and fills its caches for the first thousand orders or so: measuring that would
        // report start-up, not the steady state.
        foreach (var (name, client) in targets)
        {
            var warmUp = await RunStep(client, channel, secret, 20, TimeSpan.FromSeconds(20), i => skus[(int)(i % Skus)]);
            output.WriteLine($"warm-up {name}: {warmUp.Accepted} orders at 20/s");
        }

        output.WriteLine($"steps of {StepDuration.TotalSeconds:F0} s, {Skus} SKUs, 1 line per order, through the gateway and to the channel connector directly");
        output.WriteLine(IntakeStep.Header);
        foreach (var (rate, index) in Setting("OMNIRETAIL_BENCH_RATES", "50,100,200,500,1000,2000").Split(',').Select(double.Parse).Select((r, i) => (r, i)))
        {
            foreach (var (name, client) in index % 2 == 0 ? targets : targets.AsEnumerable().Reverse())
            {
                var step = await RunStep(client, channel, secret, rate, StepDuration, i => skus[(int)(i % Skus)]);
                output.WriteLine(step.Line(name, rate));
            }
        }

        var sustainedRate = Setting("OMNIRETAIL_BENCH_SUSTAINED_RATE", 100.0);
        var sustained = await RunStep(gateway, channel, secret, sustainedRate, SustainedDuration, i => skus[(int)(i % Skus)]);
        output.WriteLine($"sustained {SustainedDuration.TotalSeconds:F0} s:");
        output.WriteLine(sustained.Line("gateway", sustainedRate));

        var raw = await RawConditionalUpdatesPerSecond();
        var hotRate = Setting("OMNIRETAIL_BENCH_HOT_RATE", 300.0);
        var hot = await RunStep(gateway, channel, secret, hotRate, StepDuration, _ => hotSku);
        output.WriteLine("one hot SKU, every order for the same stock row:");
        output.WriteLine(hot.Line("gateway", hotRate));
        output.WriteLine($"raw conditional UPDATE on one row (16 connections): {raw:F0}/s; hot SKU reserved {hot.ReservedPerSecond:F0}/s = {hot.ReservedPerSecond / raw:P0} of raw (target ≥ 50%)");

        var inventoryAlone = await InventoryReservesHotSku(hotSku, warehouse, HotRequests);
        output.WriteLine($"Inventory alone, {HotRequests} ReserveStock requests for the hot SKU published at once: reserved {inventoryAlone:F0}/s = {inventoryAlone / raw:P0} of raw");
    }

    /// <summary>
    /// The hot row's ceiling in Inventory itself, without the intake and the Order saga in front of it (through them
    /// the hot SKU can only go as fast as the whole pipeline): <paramref name="requests"/> reservation requests, as the
    /// Order service sends them, published to the broker at once; the rate is read from the reservation rows' times.
    /// </summary>
    private async Task<double> InventoryReservesHotSku(string sku, string warehouse, int requests)
    {
        var stackBus = await StackBus.Connect(stack);
        var bus = stackBus.Bus;
        try
        {
            var orderIds = Enumerable.Range(0, requests).Select(_ => Guid.NewGuid()).ToArray();
            foreach (var window in orderIds.Chunk(500))
            {
                await Task.WhenAll(window.Select(orderId => bus.Publish(new ReserveStock
                {
                    OrderId = orderId, Request = 1, Lines = [new StockLine { Sku = sku, Quantity = 1 }], WarehousePriorities = [warehouse], ShipToCountry = "DE",
                }, TestContext.Current.CancellationToken)));
            }

            var reserved = (await ReservedAt(orderIds)).Values.Order().ToList();
            reserved.Count.ShouldBe(requests);
            return (reserved.Count - 1) / (reserved[^1] - reserved[0]).TotalSeconds;
        }
        finally
        {
            await stackBus.DisposeAsync();
        }
    }

    private async Task<IntakeStep> RunStep(HttpClient client, string channel, string secret, double rate, TimeSpan duration, Func<long, string> skuOf)
    {
        var accepted = new ConcurrentBag<(Guid OrderId, double LatencyMs, DateTime AcceptedAt)>();
        long refused = 0, failed = 0;
        var windowStart = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        await ConstantRate.Run(rate, duration, async _ =>
        {
            var sequence = Interlocked.Increment(ref _sequence);
            using var request = SignedRequests.Generic(channel, secret, GenericOrder($"{_run}-{sequence}", skuOf(sequence), 1, 10m));
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    var orderId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["orderId"]!.GetValue<Guid>();
                    accepted.Add((orderId, latency, DateTime.UtcNow));
                }
                else
                {
                    Interlocked.Increment(ref refused);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Refused connections and requests past the client's timeout: the system did not keep up.
                Interlocked.Increment(ref failed);
            }
        }, TestContext.Current.CancellationToken);
        var sendingSeconds = clock.Elapsed.TotalSeconds;

        var reserved = await ReservedAt(accepted.Select(a => a.OrderId).ToArray());
        var acceptedAt = accepted.ToDictionary(a => a.OrderId, a => a.AcceptedAt);
        var toReserved = reserved.Select(r => Math.Max(0, (r.Value - acceptedAt[r.Key]).TotalMilliseconds)).ToList();
        var firstAccepted = accepted.IsEmpty ? DateTime.UtcNow : accepted.Min(a => a.AcceptedAt);
        var reservedSpan = reserved.Count == 0 ? double.NaN : (reserved.Values.Max() - firstAccepted).TotalSeconds;
        var relayLags = new List<string>();
        foreach (var service in RelayingServices)
        {
            var (p50, p99) = await RelayLag(service.Database, windowStart);
            relayLags.Add($"{service.Name} {p50:F0}/{p99:F0}");
        }

        await Settle(channel);
        return new IntakeStep(accepted.Count / sendingSeconds, refused, failed, accepted.Select(a => a.LatencyMs).ToList(),
            reserved.Count, accepted.Count, reserved.Count / reservedSpan, toReserved, string.Join(", ", relayLags));
    }

    /// <summary>
    /// Waits (up to the drain time) until the pipeline is idle: no due message left in any outbox and no order of the
    /// channel between intake and its stock decision. Reservation rows alone are not enough: the Order service may
    /// still owe the step thousands of messages, and the next step would pay for them.
    /// </summary>
    private async Task Settle(string channel)
    {
        await using var orders = await stack.OpenDatabaseAsync(ResourceNames.Service("order").Database, TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow + Drain;
        while (DateTime.UtcNow < deadline)
        {
            await using var undecided = new NpgsqlCommand(
                """SELECT count(*) FROM orders WHERE "ChannelCode" = @channel AND "CurrentState" IN ('Received', 'Reserving')""", orders);
            undecided.Parameters.AddWithValue("channel", channel);
            var waiting = (long)(await undecided.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            foreach (var service in RelayingServices)
            {
                await using var outbox = await stack.OpenDatabaseAsync(service.Database, TestContext.Current.CancellationToken);
                await using var pending = new NpgsqlCommand(
                    """SELECT count(*) FROM outbox_messages WHERE "DeliveredAt" IS NULL AND "DeadAt" IS NULL AND "DueAt" <= now()""", outbox);
                waiting += (long)(await pending.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            }

            if (waiting == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Where the time goes between services: p50/p99 ms from an outbox message's commit to the broker's confirm, since <paramref name="since"/>.</summary>
    private async Task<(double P50, double P99)> RelayLag(string database, DateTime since)
    {
        await using var connection = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), 'NaN'), coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), 'NaN')
            FROM (SELECT extract(epoch FROM "DeliveredAt" - "DueAt") * 1000 AS lag FROM outbox_messages
                  WHERE "DueAt" >= @since AND "DueAt" = "CreatedAt" AND "DeliveredAt" IS NOT NULL) lags
            """, connection);
        query.Parameters.AddWithValue("since", since);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    /// <summary>Waits (up to the drain time) until every order holds its reservation, then reads when each was reserved.</summary>
    private async Task<Dictionary<Guid, DateTime>> ReservedAt(Guid[] orderIds)
    {
        await using var inventory = await stack.OpenDatabaseAsync(ResourceNames.Service("inventory").Database, TestContext.Current.CancellationToken);
        var reserved = new Dictionary<Guid, DateTime>();
        var deadline = DateTime.UtcNow + Drain;
        while (reserved.Count < orderIds.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            await using var query = new NpgsqlCommand("""SELECT "OrderId", min("ReservedAt") FROM reservations WHERE "OrderId" = ANY(@ids) GROUP BY "OrderId" """, inventory);
            query.Parameters.AddWithValue("ids", orderIds);
            await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                reserved[reader.GetGuid(0)] = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
            }
        }

        return reserved;
    }

    /// <summary>The ceiling for one hot row: 16 connections decrementing one row's free stock with a conditional UPDATE, each its own transaction.</summary>
    private async Task<double> RawConditionalUpdatesPerSecond()
    {
        var database = ResourceNames.Service("inventory").Database;
        var table = $"bench_hot_row_{_run.ToLowerInvariant()}";
        await using (var setup = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken))
        {
            await using var create = new NpgsqlCommand(
                $"""CREATE TABLE {table} ("Sku" text, "Warehouse" text, "OnHand" int, "Reserved" int, PRIMARY KEY ("Sku", "Warehouse")); INSERT INTO {table} VALUES ('HOT', 'W', 100000000, 0)""", setup);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        long updates = 0;
        var until = DateTime.UtcNow + StepDuration;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var connection = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken);
            await using var update = new NpgsqlCommand(
                $"""UPDATE {table} SET "Reserved" = "Reserved" + 1 WHERE "Sku" = 'HOT' AND "Warehouse" = 'W' AND "OnHand" - "Reserved" >= 1""", connection);
            while (DateTime.UtcNow < until)
            {
                if (await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken) == 1)
                {
                    Interlocked.Increment(ref updates);
                }
            }
        }));

        await using (var cleanup = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken))
        {
            await using var drop = new NpgsqlCommand($"DROP TABLE {table}", cleanup);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return updates / StepDuration.TotalSeconds;
    }

    private HttpClient LoadClient(string resource) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = stack.App.GetEndpoint(resource),
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static T Setting<T>(string name, T fallback) where T : IParsable<T> =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? T.Parse(value, null) : fallback;
}
