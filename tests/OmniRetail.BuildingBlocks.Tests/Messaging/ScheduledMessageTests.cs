using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

public sealed class ScheduledMessageTests(TestServers servers)
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task A_scheduled_message_fires_after_a_restart_and_a_cancelled_one_never_fires()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        var schedulerDb = await servers.CreateDatabaseAsync("scheduler");
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("scheduled_consumer"), broker, $"scheduled-consumer-{_run:N}", consumesLedger: true);
        var timeout = new LedgerEvent(_run, Guid.NewGuid());
        var cancelled = new LedgerEvent(_run, Guid.NewGuid());
        var dueAt = DateTimeOffset.UtcNow.AddSeconds(4);

        await using (var first = await TestService.StartAsync(schedulerDb, broker, $"scheduler-{_run:N}"))
        {
            Guid cancelledId = default;
            await first.InUnitOfWork((_, outbox) =>
            {
                outbox.Schedule(timeout, dueAt);
                cancelledId = outbox.Schedule(cancelled, dueAt);
                return Task.CompletedTask;
            });
            await first.InUnitOfWork(async (_, outbox) => (await outbox.CancelScheduled(cancelledId)).ShouldBeTrue());
        }

        // The process that scheduled them is gone before they are due; a new one delivers on time.
        await using var second = await TestService.StartAsync(schedulerDb, broker, $"scheduler-{_run:N}");
        await Eventually.Holds(async () => await consumer.LedgerCount(_run) >= 1, TimeSpan.FromSeconds(30),
            async () => $"{await consumer.LedgerCount(_run)} scheduled messages arrived");
        var arrivedAt = await consumer.Query(db => db.Entries.Where(e => e.RunId == _run).Select(e => e.RecordedAt).SingleAsync());
        arrivedAt.ShouldBeGreaterThanOrEqualTo(dueAt.UtcDateTime);

        // Long past the cancelled one's due time, it still has not come.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        var arrived = await consumer.Query(db => db.Entries.Where(e => e.RunId == _run).Select(e => e.EventId).ToListAsync());
        arrived.ShouldBe([timeout.EventId]);
        (await second.Query(db => db.Set<OutboxMessage>().CountAsync())).ShouldBe(1);
    }
}
