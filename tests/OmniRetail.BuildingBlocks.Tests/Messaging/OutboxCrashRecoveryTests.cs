using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// The two moments a crash can hit the outbox: after the commit but before the broker got the message,
/// and after the broker confirmed it but before the row was marked delivered. Each is recreated as the
/// exact database state such a crash leaves behind, then a fresh process takes over.
/// </summary>
public sealed class OutboxCrashRecoveryTests(TestServers servers)
{
    private const int Messages = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task Messages_committed_before_a_crash_reach_the_consumer_exactly_once_in_effect()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        var producerDb = await servers.CreateDatabaseAsync("crash_producer");
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("crash_consumer"), broker, $"crash-consumer-{_run:N}", consumesLedger: true);

        // 1. A process commits its work and dies before relaying anything (its relay never runs).
        await using (var crashed = await TestService.StartAsync(producerDb, broker, $"crash-producer-{_run:N}", messaging: options => options.RelayEnabled = false))
        {
            for (var i = 0; i < Messages; i++)
            {
                await crashed.InUnitOfWork((db, outbox) =>
                {
                    var eventId = Guid.NewGuid();
                    db.Entries.Add(new LedgerEntry { RunId = _run, EventId = eventId, RecordedAt = DateTime.UtcNow });
                    outbox.Publish(new LedgerEvent(_run, eventId));
                    return Task.CompletedTask;
                });
            }

            (await crashed.Query(db => db.Set<OutboxMessage>().CountAsync(m => m.DeliveredAt == null))).ShouldBe(Messages);
            // At rest the bodies are ciphertext: no message field (here the run id) is readable in the table.
            (await crashed.Query(db => db.Set<OutboxMessage>().CountAsync(m => m.Body.Contains(_run.ToString())))).ShouldBe(0);
        }

        // 2. The restarted process relays what the dead one committed.
        await using var restarted = await TestService.StartAsync(producerDb, broker, $"crash-producer-{_run:N}");
        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == Messages, Patience,
            async () => $"consumer recorded {await consumer.LedgerCount(_run)} of {Messages}");

        // 3. A crash after the broker's confirm but before the delivered mark: the rows are pending again.
        await restarted.Query(db => db.Set<OutboxMessage>().ExecuteUpdateAsync(set => set.SetProperty(m => m.DeliveredAt, (DateTime?)null)));
        await Eventually.Holds(() => Task.FromResult(consumer.Deliveries.Delivered(_run) >= 2 * Messages), Patience,
            () => Task.FromResult($"consumer saw {consumer.Deliveries.Delivered(_run)} of {2 * Messages} deliveries"));

        // Every message reached the consumer twice on the wire, and had its effect once.
        (await consumer.LedgerCount(_run)).ShouldBe(Messages);
        (await consumer.DistinctLedgerEvents(_run)).ShouldBe(Messages);
        consumer.Deliveries.Handled(_run).ShouldBe(Messages);
        (await restarted.Query(db => db.Set<OutboxMessage>().CountAsync(m => m.DeliveredAt == null))).ShouldBe(0);
    }
}
