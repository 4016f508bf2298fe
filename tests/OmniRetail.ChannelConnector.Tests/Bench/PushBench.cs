using System.Diagnostics;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Bench;

/// <summary>
/// Stock change → channel received: positions published on the broker as Inventory publishes them, at a constant rate
/// over many SKUs, and the time until a real HTTP server standing in for a generic channel receives a value at least
/// as new; then a burst on one SKU and the requests it costs.
/// </summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class PushBench(TestServers servers)
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    [Fact(Skip = Benchmarks.SkipReason, SkipType = typeof(Benchmarks), SkipUnless = nameof(Benchmarks.Enabled))]
    public async Task Stock_change_to_channel_latency_at_a_constant_rate_and_the_requests_a_burst_costs()
    {
        var output = new BenchmarkOutput(TestContext.Current);
        var (rate, seconds, skuCount, burst) = (Setting("OMNIRETAIL_BENCH_PUSH_RATE", 100), Setting("OMNIRETAIL_BENCH_PUSH_SECONDS", 30), 50, 1000);
        var cancel = TestContext.Current.CancellationToken;
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_push_bench");
        await using var channel = await ChannelStandIn.StartAsync();
        await connector.Post("/api/channels", new
        {
            code = "bench", name = "Bench", kind = "generic", secret = "bench-secret-0123456789", warehousePriorities = new[] { "BER" }, callbackUrl = $"{channel.BaseUrl}/stock",
        });
        var skus = Enumerable.Range(0, skuCount).Select(i => $"BENCH-{i:00}").ToArray();
        foreach (var sku in skus.Append("BURST"))
        {
            await connector.Put($"/api/channels/bench/listings/{sku}", new { listed = true });
        }

        await Task.Delay(2000, cancel);
        channel.Clear();

        // Open loop: change n goes out at n / rate seconds whatever the system does; its value is n + 1 on hand.
        var published = new List<(string Sku, int Value, long Ticks)>();
        var start = Stopwatch.GetTimestamp();
        var asOf = DateTime.UtcNow;
        for (var n = 0; n < rate * seconds; n++)
        {
            var due = start + (long)(n * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1, cancel);
            }

            var sku = skus[n % skuCount];
            var ticks = Stopwatch.GetTimestamp();
            await connector.Bus.Publish(Position(sku, asOf.AddTicks(n), n + 1), cancel);
            published.Add((sku, n + 1, ticks));
        }

        var last = published.GroupBy(p => p.Sku).ToDictionary(g => g.Key, g => g.Max(p => p.Value));
        await Eventually.Holds(() => Task.FromResult(last.All(l => Received(channel, l.Key).Any(r => r.Value >= l.Value))), TimeSpan.FromSeconds(60),
            () => Task.FromResult($"{channel.Requests.Count} requests so far"));
        var received = skus.ToDictionary(sku => sku, sku => Received(channel, sku));
        var latencies = published.Select(p => received[p.Sku].First(r => r.Value >= p.Value && r.Ticks >= p.Ticks).Ticks - p.Ticks)
            .Select(t => t * 1000.0 / Stopwatch.Frequency).ToList();
        output.WriteLine($"{published.Count} changes at {rate}/s over {skuCount} SKUs for {seconds} s: stock change → channel received " +
                         $"p50 {Benchmarks.Quantile(latencies, 0.5):0} ms, p99 {Benchmarks.Quantile(latencies, 0.99):0} ms, max {latencies.Max():0} ms; " +
                         $"{channel.Requests.Count} requests ({(double)channel.Requests.Count / published.Count:P0} of the changes)");

        // A burst: as many changes to one SKU as the bus takes, then the requests the channel saw until the last value.
        channel.Clear();
        var burstStart = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(stream => Task.Run(async () =>
        {
            for (var i = stream; i < burst; i += 4)
            {
                await connector.Bus.Publish(Position("BURST", asOf.AddSeconds(1).AddTicks(i), i + 1), cancel);
            }
        }, cancel)));
        var published1 = Stopwatch.GetElapsedTime(burstStart);
        await Eventually.Holds(() => Task.FromResult(Received(channel, "BURST").Any(r => r.Value == burst)), TimeSpan.FromSeconds(60), () => Task.FromResult("burst never ended"));
        output.WriteLine($"burst: {burst} changes to one SKU published in {published1.TotalMilliseconds:0} ms reached the channel as {Received(channel, "BURST").Count} requests, " +
                         $"the last {Stopwatch.GetElapsedTime(burstStart).TotalMilliseconds:0} ms after the first change (at most {channel.MostInFlight} requests in flight at once over the whole run, all SKUs)");
    }

    private static List<(int Value, long Ticks)> Received(ChannelStandIn channel, string sku) =>
        [.. channel.Accepted.Where(r => r.Json["sku"]!.GetValue<string>() == sku).Select(r => (r.Json["available"]!.GetValue<int>(), r.Ticks)).OrderBy(r => r.Ticks)];

    private static StockAvailabilityChanged Position(string sku, DateTime asOf, int onHand) => new()
    {
        Sku = sku, AsOf = asOf, Available = onHand, OnHand = onHand, Reserved = 0,
        Warehouses = [new WarehousePosition { Warehouse = "BER", OnHand = onHand, Reserved = 0 }],
    };
}
