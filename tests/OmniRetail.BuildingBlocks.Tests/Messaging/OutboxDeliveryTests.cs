using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// What the relay does with messages the broker takes but cannot deliver: an event no queue is bound for yet waits for
/// its first subscriber; one nobody ever subscribes to stops holding its partition after the relay's patience; a
/// message that keeps failing for another reason goes dead after its attempts, and its partition moves on.
/// </summary>
public sealed class OutboxDeliveryTests(TestServers servers)
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task An_event_published_before_its_consumer_ever_bound_a_queue_waits_and_reaches_the_first_subscriber()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("unbound_producer"), broker, $"unbound-producer-{_run:N}");
        await producer.InUnitOfWork((_, outbox) =>
        {
            outbox.Publish(new FirstSubscriberEvent(_run));
            return Task.CompletedTask;
        });
        await Eventually.Holds(async () => (await Row<FirstSubscriberEvent>(producer)) is { Attempts: > 0, DeliveredAt: null }, TimeSpan.FromSeconds(20),
            async () => $"the event was not held back: {await Row<FirstSubscriberEvent>(producer)}");

        var received = new ConcurrentBag<Guid>();
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("unbound_consumer"), broker, $"unbound-consumer-{_run:N}",
            bus: registration =>
            {
                registration.AddSingleton(received);
                registration.AddConsumer<FirstSubscriberConsumer>();
            });

        await Eventually.Holds(() => Task.FromResult(received.Contains(_run)), TimeSpan.FromSeconds(30), () => Task.FromResult("the first subscriber never got it"));
    }

    [Fact]
    public async Task An_event_nobody_subscribes_to_holds_back_nothing_behind_it_and_is_given_up_after_the_relays_patience()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("nobody_consumer"), broker, $"nobody-consumer-{_run:N}", consumesLedger: true);
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("nobody_producer"), broker, $"nobody-producer-{_run:N}",
            messaging: options => options.UnroutedPatience = TimeSpan.FromSeconds(3));

        await producer.InUnitOfWork((_, outbox) =>
        {
            outbox.Publish(new NobodyListensEvent(_run), partitionKey: $"p-{_run:N}");
            outbox.Publish(new LedgerEvent(_run, Guid.NewGuid()), partitionKey: $"p-{_run:N}");
            return Task.CompletedTask;
        });

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == 1, TimeSpan.FromSeconds(30), () => Task.FromResult("the partition stayed blocked"));
        (await Row<NobodyListensEvent>(producer))!.DeliveredAt.ShouldBeNull("the ledger event went ahead while the unrouted one waits for a subscriber");
        await Eventually.Holds(async () => (await Row<NobodyListensEvent>(producer))!.DeliveredAt is not null, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the unrouted event was never given up"));
        var unrouted = await Row<NobodyListensEvent>(producer);
        unrouted!.LastError.ShouldNotBeNull().ShouldContain("no queue is bound");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_dead_after_its_attempts_and_its_partition_moves_on()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("failing_consumer"), broker, $"failing-consumer-{_run:N}", consumesLedger: true);
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("failing_producer"), broker, $"failing-producer-{_run:N}",
            messaging: options => options.MaxAttempts = 2);

        await producer.InUnitOfWork((_, outbox) =>
        {
            outbox.Send(new Uri("loopback://localhost/nowhere"), new LedgerEvent(_run, Guid.NewGuid()), partitionKey: $"p-{_run:N}");
            outbox.Publish(new LedgerEvent(_run, Guid.NewGuid()), partitionKey: $"p-{_run:N}");
            return Task.CompletedTask;
        });

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == 1, TimeSpan.FromSeconds(30), () => Task.FromResult("the partition stayed blocked"));
        var dead = await producer.Query(db => db.Set<OutboxMessage>().SingleAsync(m => m.DeadAt != null && m.DestinationAddress != null));
        dead.Attempts.ShouldBe(2);
    }

    private static Task<OutboxMessage?> Row<T>(TestService service) =>
        service.Query(db => db.Set<OutboxMessage>().AsNoTracking().SingleOrDefaultAsync(m => m.MessageType.Contains(typeof(T).Name)));

    public sealed record FirstSubscriberEvent(Guid RunId);

    public sealed record NobodyListensEvent(Guid RunId);

    public sealed class FirstSubscriberConsumer(ConcurrentBag<Guid> received) : IConsumer<FirstSubscriberEvent>
    {
        public Task Consume(ConsumeContext<FirstSubscriberEvent> context)
        {
            received.Add(context.Message.RunId);
            return Task.CompletedTask;
        }
    }
}
