using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging.Sagas;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// Everything a saga instance publishes carries the instance as its partition, so two relay instances draining the
/// same outbox at once still deliver one instance's messages in the order the saga produced them.
/// </summary>
public sealed class SagaPartitionTests(TestServers servers)
{
    private const int Increments = 150;
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task What_one_saga_instance_publishes_reaches_consumers_in_order_through_two_relays()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        var sagaDb = await servers.CreateDatabaseAsync("saga_partition");
        var received = new ConcurrentQueue<int>();
        var tally = NewId.NextGuid();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("saga_partition_consumer"), broker, $"partition-watch-{_run:N}",
            bus: registration =>
            {
                registration.AddSingleton(new ChangeRecorder(tally, received));
                registration.AddConsumer<ChangeConsumer>().Endpoint(endpoint =>
                {
                    endpoint.ConcurrentMessageLimit = 1;
                    endpoint.PrefetchCount = 1;
                });
            });
        await using (var saga = await TestService.StartAsync(sagaDb, broker, $"partition-saga-{_run:N}", messaging: options => options.RelayEnabled = false,
            bus: registration => registration.AddSagaStateMachine<TallyStateMachine, TallyState>().PostgresRepository()
                .Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 16)))
        {
            // Sent to this saga's queue only: other test classes' tally sagas on the shared broker must not count them too.
            var queue = saga.App.Services.GetRequiredService<IEndpointNameFormatter>().Saga<TallyState>();
            var endpoint = await saga.App.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{queue}"));
            await Task.WhenAll(Enumerable.Range(1, Increments).Select(amount => endpoint.Send(new TallyIncremented(tally, amount), TestContext.Current.CancellationToken)));
            await Eventually.Holds(async () => (await saga.Query(db => db.Set<TallyState>().AsNoTracking().SingleOrDefaultAsync(t => t.CorrelationId == tally)))?.Count == Increments,
                TimeSpan.FromSeconds(60), () => Task.FromResult("the saga did not count every increment"));
            // Other test classes' tallies reach this saga too (they publish increments to every tally saga): each has its own partition.
            var partitions = await saga.Query(db => db.Set<OutboxMessage>().Where(m => m.MessageType.Contains(nameof(TallyChanged))).Select(m => m.PartitionKey).ToListAsync());
            partitions.ShouldNotContain((string?)null, "every message a saga instance publishes carries its id (and the message's namespace) as the partition");
            partitions.Count(key => key == $"{tally}:{typeof(TallyChanged).Namespace}").ShouldBe(Increments);
        }

        // Two relays over the same outbox, draining it at the same time.
        await using var first = await TestService.StartAsync(sagaDb, broker, $"partition-relay-a-{_run:N}", messaging: options => options.BatchSize = 7);
        await using var second = await TestService.StartAsync(sagaDb, broker, $"partition-relay-b-{_run:N}", messaging: options => options.BatchSize = 7);

        await Eventually.Holds(() => Task.FromResult(received.Count >= Increments), TimeSpan.FromSeconds(60),
            () => Task.FromResult($"{received.Count} of {Increments} changes consumed"));
        received.ToList().ShouldBe(Enumerable.Range(1, Increments).ToList(), ignoreOrder: false);
    }

    public sealed record ChangeRecorder(Guid Tally, ConcurrentQueue<int> Received);

    public sealed class ChangeConsumer(ChangeRecorder recorder) : IConsumer<TallyChanged>
    {
        public Task Consume(ConsumeContext<TallyChanged> context)
        {
            if (context.Message.TallyId == recorder.Tally)
            {
                recorder.Received.Enqueue(context.Message.Count);
            }

            return Task.CompletedTask;
        }
    }
}
