using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Bench;

/// <summary>
/// On demand only (<c>OMNIRETAIL_BENCH=1</c>): messages per second through outbox → RabbitMQ → inbox
/// consumer, next to a plain MassTransit publish → consume loop on the same broker, in one run,
/// alternating rounds so machine noise hits both. Prints medians and their ratio.
/// </summary>
[Collection(nameof(Messaging.BrokerOutage))]
public sealed class MessagingThroughputBench(TestServers servers)
{
    private const int MessagesPerRound = 5_000;
    private const int Rounds = 3;

    [Fact(Skip = Benchmarks.SkipReason, SkipType = typeof(Benchmarks), SkipUnless = nameof(Benchmarks.Enabled))]
    public async Task Outbox_to_inbox_against_plain_publish_consume()
    {
        var output = new BenchmarkOutput(TestContext.Current);
        var broker = (await servers.RabbitMq()).ConnectionString;
        var run = Guid.NewGuid();
        var plainCounter = new PlainCounter();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("bench_consumer"), broker, $"bench-consumer-{run:N}",
            consumesLedger: true, bus: registration =>
            {
                registration.AddConsumer<PlainConsumer>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16);
                registration.AddSingleton(plainCounter);
            });
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("bench_producer"), broker, $"bench-producer-{run:N}");
        var bus = producer.App.Services.GetRequiredService<IBus>();

        var plain = new List<double>();
        var outbox = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            plain.Add(await PlainRound(bus, plainCounter, run));
            var (delivered, committed) = await OutboxRound(producer, consumer, run, round);
            outbox.Add(delivered);
            output.WriteLine($"round {round + 1}: plain {plain[^1]:F0} msg/s, outbox→inbox {delivered:F0} msg/s (producers alone committed {committed:F0} units of work/s)");
        }

        var plainMedian = Benchmarks.Quantile(plain, 0.5);
        var outboxMedian = Benchmarks.Quantile(outbox, 0.5);
        output.WriteLine($"median plain publish→consume: {plainMedian:F0} msg/s");
        output.WriteLine($"median outbox→broker→inbox:   {outboxMedian:F0} msg/s");
        output.WriteLine($"ratio: {outboxMedian / plainMedian:P0} (target ≥ 50%)");
    }

    private static async Task<double> PlainRound(IBus bus, PlainCounter counter, Guid run)
    {
        var target = counter.Count + MessagesPerRound;
        var clock = Stopwatch.StartNew();
        foreach (var window in Enumerable.Range(0, MessagesPerRound).Chunk(500))
        {
            await Task.WhenAll(window.Select(_ => bus.Publish(new BenchPing(run))));
        }

        await Eventually.Holds(() => Task.FromResult(counter.Count >= target), TimeSpan.FromMinutes(2), () => Task.FromResult($"{counter.Count}/{target}"));
        return MessagesPerRound / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Each message is its own unit of work committed by the producer, relayed, and consumed through the inbox.</summary>
    private static async Task<(double Delivered, double Committed)> OutboxRound(TestService producer, TestService consumer, Guid run, int round)
    {
        var target = (round + 1) * MessagesPerRound;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, MessagesPerRound), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
            await producer.InUnitOfWork((_, outbox) =>
            {
                outbox.Publish(new LedgerEvent(run, Guid.NewGuid()));
                return Task.CompletedTask;
            }));
        var committed = MessagesPerRound / clock.Elapsed.TotalSeconds;
        await Eventually.Holds(async () => await consumer.LedgerCount(run) >= target, TimeSpan.FromMinutes(3),
            async () => $"{await consumer.LedgerCount(run)}/{target}");
        return (MessagesPerRound / clock.Elapsed.TotalSeconds, committed);
    }

    public sealed record BenchPing(Guid RunId);

    public sealed class PlainCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);
    }

    public sealed class PlainConsumer(PlainCounter counter) : IConsumer<BenchPing>
    {
        public Task Consume(ConsumeContext<BenchPing> context)
        {
            counter.Increment();
            return Task.CompletedTask;
        }
    }
}
