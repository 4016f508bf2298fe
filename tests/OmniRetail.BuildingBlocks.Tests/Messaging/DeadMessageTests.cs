using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

public sealed class DeadMessageTests(TestServers servers)
{
    [Fact]
    public async Task A_message_that_can_never_be_read_goes_dead_without_blocking_the_others()
    {
        var run = Guid.NewGuid();
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("dead_consumer"), broker, $"dead-consumer-{run:N}", consumesLedger: true);
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("dead_producer"), broker, $"dead-producer-{run:N}",
            messaging: options => options.MaxUnreadableAttempts = 2);

        await producer.InUnitOfWork((db, outbox) =>
        {
            db.Add(new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "Gone.Type, Gone", Body = "{}", CreatedAt = DateTime.UtcNow, DueAt = DateTime.UtcNow });
            outbox.Publish(new LedgerEvent(run, Guid.NewGuid()));
            return Task.CompletedTask;
        });

        await Eventually.Holds(async () => await DeadCount(producer) == 1, TimeSpan.FromSeconds(30), async () => $"{await DeadCount(producer)} dead");
        (await consumer.LedgerCount(run)).ShouldBe(1);
        var dead = await producer.Query(db => db.Set<OutboxMessage>().SingleAsync(m => m.DeadAt != null));
        dead.Attempts.ShouldBe(2);
        dead.LastError.ShouldNotBeNull().ShouldContain("Gone.Type");
    }

    private static Task<int> DeadCount(TestService service) => service.Query(db => db.Set<OutboxMessage>().CountAsync(m => m.DeadAt != null));
}
