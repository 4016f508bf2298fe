using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;
using OmniRetail.TestInfrastructure.Servers;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

[CollectionDefinition(nameof(BrokerOutage), DisableParallelization = true)]
public sealed class BrokerOutage;

/// <summary>Stops the one shared broker, so nothing else may run meanwhile.</summary>
[Collection(nameof(BrokerOutage))]
public sealed class BrokerOutageTests(TestServers servers)
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task Nothing_is_lost_when_the_broker_is_down_for_ten_seconds_under_a_steady_stream()
    {
        var rabbitMq = await servers.RabbitMq();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("outage_consumer"), rabbitMq.ConnectionString, $"outage-consumer-{_run:N}", consumesLedger: true);
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("outage_producer"), rabbitMq.ConnectionString, $"outage-producer-{_run:N}");

        // One unit of work every 25 ms for 20 s; the broker is away from second 3 to second 13.
        var produced = 0;
        var clock = Stopwatch.StartNew();
        var outage = BreakBroker(rabbitMq);
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await producer.InUnitOfWork((_, outbox) =>
            {
                outbox.Publish(new LedgerEvent(_run, Guid.NewGuid()));
                return Task.CompletedTask;
            });
            produced++;
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        await outage;
        await Eventually.Holds(async () => await consumer.LedgerCount(_run) >= produced, TimeSpan.FromSeconds(120),
            async () => $"consumer recorded {await consumer.LedgerCount(_run)} of {produced}; " +
                $"outbox pending {await producer.Query(db => db.Set<OutboxMessage>().CountAsync(m => m.DeliveredAt == null))}");

        (await consumer.LedgerCount(_run)).ShouldBe(produced);
        (await consumer.DistinctLedgerEvents(_run)).ShouldBe(produced);
    }

    private static async Task BreakBroker(IRabbitMqServer rabbitMq)
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        await rabbitMq.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await rabbitMq.StartAsync();
    }
}
