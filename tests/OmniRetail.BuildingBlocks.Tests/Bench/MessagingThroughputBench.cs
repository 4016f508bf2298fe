using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Bench;

/// <summary>
/// On demand only (<c>OMNIRETAIL_BENCH=1</c>): messages per second through outbox → RabbitMQ → inbox consumer, in
/// both forms the library offers (one transaction per message, and <see cref="InboxBatchConsumer{TMessage}"/>), next
/// to a plain MassTransit publish → consume loop on the same broker, in one run, alternating rounds so machine noise
/// hits all three. Prints medians and their ratios.
/// </summary>
[Collection(nameof(Messaging.BrokerOutage))]
public sealed class MessagingThroughputBench(TestServers servers)
{
    private const int MessagesPerRound = 10_000;
    private const int WarmUpMessages = 1_000;
    private const int Rounds = 5;

    [Fact(Skip = Benchmarks.SkipReason, SkipType = typeof(Benchmarks), SkipUnless = nameof(Benchmarks.Enabled))]
    public async Task Outbox_to_inbox_against_plain_publish_consume()
    {
        var output = new BenchmarkOutput(TestContext.Current);
        var broker = (await servers.RabbitMq()).ConnectionString;
        var run = Guid.NewGuid();
        var plainCounter = new PlainCounter();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("bench_consumer"), broker, $"bench-consumer-{run:N}",
            bus: registration =>
            {
                registration.AddConsumer<PlainConsumer>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16);
                registration.AddConsumer<OneByOneLedger>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16);
                registration.AddInboxBatchConsumer<BatchedLedger>();
                registration.AddSingleton(plainCounter);
            });
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("bench_producer"), broker, $"bench-producer-{run:N}");
        var bus = producer.App.Services.GetRequiredService<IBus>();

        // Not counted: the first messages pay for JIT, connection pools and prepared statements on every path.
        await PlainRound(bus, plainCounter, run, WarmUpMessages);
        await OutboxRound(producer, consumer, WarmUpMessages, ledgerRun => new OneByOnePing(ledgerRun));
        await OutboxRound(producer, consumer, WarmUpMessages, ledgerRun => new BatchedPing(ledgerRun));

        var plain = new List<double>();
        var oneByOne = new List<double>();
        var batched = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            plain.Add(await PlainRound(bus, plainCounter, run, MessagesPerRound));
            oneByOne.Add(await OutboxRound(producer, consumer, MessagesPerRound, ledgerRun => new OneByOnePing(ledgerRun)));
            batched.Add(await OutboxRound(producer, consumer, MessagesPerRound, ledgerRun => new BatchedPing(ledgerRun)));
            output.WriteLine($"round {round + 1}: plain {plain[^1]:F0} msg/s, outbox→inbox {oneByOne[^1]:F0} msg/s, outbox→batched inbox {batched[^1]:F0} msg/s");
        }

        var plainMedian = Benchmarks.Quantile(plain, 0.5);
        var oneByOneMedian = Benchmarks.Quantile(oneByOne, 0.5);
        var batchedMedian = Benchmarks.Quantile(batched, 0.5);
        output.WriteLine($"median plain publish→consume:          {plainMedian:F0} msg/s");
        output.WriteLine($"median outbox→broker→inbox:            {oneByOneMedian:F0} msg/s, ratio {oneByOneMedian / plainMedian:P0}");
        output.WriteLine($"median outbox→broker→batched inbox:    {batchedMedian:F0} msg/s, ratio {batchedMedian / plainMedian:P0} (target ≥ 50%)");
    }

    private static async Task<double> PlainRound(IBus bus, PlainCounter counter, Guid run, int messages)
    {
        var target = counter.Count + messages;
        var clock = Stopwatch.StartNew();
        foreach (var window in Enumerable.Range(0, messages).Chunk(500))
        {
            await Task.WhenAll(window.Select(_ => bus.Publish(new BenchPing(run))));
        }

        await Eventually.Holds(() => Task.FromResult(counter.Count >= target), TimeSpan.FromMinutes(2), () => Task.FromResult($"{counter.Count}/{target}"));
        return messages / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Each message is its own unit of work committed by the producer (16 at a time), relayed, and consumed through the inbox.</summary>
    private static async Task<double> OutboxRound<T>(TestService producer, TestService consumer, int messages, Func<Guid, T> message)
        where T : class
    {
        var ledgerRun = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
            await producer.InUnitOfWork((_, outbox) =>
            {
                outbox.Publish(message(ledgerRun));
                return Task.CompletedTask;
            }));
        await Eventually.Holds(async () => await consumer.LedgerCount(ledgerRun) >= messages, TimeSpan.FromMinutes(3),
            async () => $"{typeof(T).Name}: {await consumer.LedgerCount(ledgerRun)}/{messages}");
        return messages / clock.Elapsed.TotalSeconds;
    }

    public sealed record BenchPing(Guid RunId);

    /// <summary>Each message adds one row to <paramref name="LedgerRun"/>, the ledger the round counts.</summary>
    public sealed record OneByOnePing(Guid LedgerRun);

    /// <inheritdoc cref="OneByOnePing"/>
    public sealed record BatchedPing(Guid LedgerRun);

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

    public sealed class OneByOneLedger(ServiceDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
        : InboxConsumer<OneByOnePing>(db, outbox, metrics)
    {
        protected override Task Handle(ConsumeContext<OneByOnePing> context)
        {
            Db.Add(Entry(context.Message.LedgerRun, context.MessageId));
            return Task.CompletedTask;
        }
    }

    public sealed class BatchedLedger(ServiceDbContext db, MessagingMetrics metrics) : InboxBatchConsumer<BatchedPing>(db, metrics)
    {
        protected override Task Handle(IReadOnlyList<ConsumeContext<BatchedPing>> messages)
        {
            Db.AddRange(messages.Select(context => Entry(context.Message.LedgerRun, context.MessageId)));
            return Task.CompletedTask;
        }
    }

    private static LedgerEntry Entry(Guid ledgerRun, Guid? messageId) =>
        new() { RunId = ledgerRun, EventId = messageId ?? Guid.Empty, RecordedAt = DateTime.UtcNow };
}
