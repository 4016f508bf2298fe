using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>Messages of one partition (one aggregate) reach the broker in commit order, and a partition's backlog does not drain one message per batch.</summary>
public sealed class PartitionOrderTests(TestServers servers)
{
    private const int Messages = 300;
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task A_partitions_backlog_goes_out_in_one_batch_in_commit_order()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        var recorder = new SequenceRecorder();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("partition_consumer"), broker, $"partition-consumer-{_run:N}",
            bus: registration =>
            {
                registration.AddSingleton(recorder);
                // One at a time, so the order consumed is the order the broker received.
                registration.AddConsumer<SequenceConsumer>().Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 1);
            });
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("partition_producer"), broker, $"partition-producer-{_run:N}",
            messaging: options => options.RelayEnabled = false);
        for (var sequence = 0; sequence < Messages; sequence++)
        {
            var next = sequence;
            await producer.InUnitOfWork((_, outbox) =>
            {
                outbox.Publish(new SequencedEvent(_run, next), partitionKey: $"aggregate-{_run:N}");
                return Task.CompletedTask;
            });
        }

        var relay = producer.App.Services.GetServices<IHostedService>().OfType<OutboxRelay>().Single();
        (await relay.DeliverBatch(TestContext.Current.CancellationToken)).ShouldBe(Messages, "the whole due backlog of one partition is one batch");

        await Eventually.Holds(() => Task.FromResult(recorder.Received(_run).Count == Messages), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"{recorder.Received(_run).Count} of {Messages} consumed"));
        recorder.Received(_run).ShouldBe(Enumerable.Range(0, Messages).ToList(), ignoreOrder: false);
    }

    public sealed record SequencedEvent(Guid RunId, int Sequence);

    public sealed class SequenceRecorder
    {
        private readonly ConcurrentDictionary<Guid, ConcurrentQueue<int>> _received = new();

        public List<int> Received(Guid run) => _received.GetValueOrDefault(run)?.ToList() ?? [];

        public void Record(SequencedEvent message) => _received.GetOrAdd(message.RunId, _ => new ConcurrentQueue<int>()).Enqueue(message.Sequence);
    }

    public sealed class SequenceConsumer(SequenceRecorder recorder) : IConsumer<SequencedEvent>
    {
        public Task Consume(ConsumeContext<SequencedEvent> context)
        {
            recorder.Record(context.Message);
            return Task.CompletedTask;
        }
    }
}
