using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using OmniRetail.Analytics.Tests.Service;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Analytics.Tests.Bench;

/// <summary>
/// Event → KPI: orders placed on the broker as the Order service publishes them, open loop at a constant rate, and the
/// time until <c>GET /api/analytics/kpis</c> counts each one (the endpoint polled every 100 ms, as a dashboard would).
/// </summary>
[Collection(AnalyticsServiceCollection.Name)]
public sealed class KpiLatencyBench(TestServers servers)
{
    private static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    [Fact(Skip = Benchmarks.SkipReason, SkipType = typeof(Benchmarks), SkipUnless = nameof(Benchmarks.Enabled))]
    public async Task Order_placed_to_kpi_latency_at_a_constant_rate()
    {
        var output = new BenchmarkOutput(TestContext.Current);
        var (rate, seconds) = (Setting("OMNIRETAIL_BENCH_KPI_RATE", 100), Setting("OMNIRETAIL_BENCH_KPI_SECONDS", 30));
        var cancel = TestContext.Current.CancellationToken;
        await using var analytics = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_kpi_bench");
        var from = DateTime.UtcNow.Date;
        var query = $"/api/analytics/kpis?from={from:yyyy-MM-dd}&to={from.AddDays(1):yyyy-MM-dd}&granularity=day&channel=bench";
        var counted = new ConcurrentQueue<(int Orders, long Ticks)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var total = rate * seconds;
        var poller = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var orders = (await analytics.Get(query))["total"]!["orders"]!.GetValue<int>();
                counted.Enqueue((orders, Stopwatch.GetTimestamp()));
                if (orders >= total)
                {
                    return;
                }

                await Task.Delay(100, stop.Token);
            }
        }, stop.Token);

        // Open loop: order n goes out at n / rate seconds whatever the service does.
        var published = new long[total];
        var start = Stopwatch.GetTimestamp();
        for (var n = 0; n < total; n++)
        {
            var due = start + (long)(n * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1, cancel);
            }

            var id = NewId.NextGuid();
            published[n] = Stopwatch.GetTimestamp();
            await analytics.Bus.Publish(new OrderPlaced
            {
                OrderId = id, ChannelCode = "bench", ChannelKind = "generic", ExternalId = $"B{n}", PlacedAt = DateTimeOffset.UtcNow, Currency = "EUR",
                Lines = [new PlacedLine { Sku = $"SKU-{n % 50}", Quantity = 1, UnitPrice = 10, NetAmount = 10 }], Total = 10, PaymentStatus = "paid",
            }, cancel);
        }

        await poller.WaitAsync(TimeSpan.FromSeconds(120), cancel);
        var polls = counted.ToList();
        // Order n counts once a poll sees at least n + 1 orders; the latency is from its publishing to that poll.
        var latencies = published.Select((ticks, n) => polls.First(p => p.Orders >= n + 1 && p.Ticks >= ticks).Ticks - ticks)
            .Select(t => t * 1000.0 / Stopwatch.Frequency).ToList();
        output.WriteLine($"{total} orders at {rate}/s for {seconds} s: order placed → counted by GET /api/analytics/kpis " +
                         $"p50 {Benchmarks.Quantile(latencies, 0.5):0} ms, p99 {Benchmarks.Quantile(latencies, 0.99):0} ms, max {latencies.Max():0} ms " +
                         $"(polled every 100 ms: up to 100 ms of each figure is the poll; {polls.Count} polls)");
    }
}
