using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// What the relay does with messages the broker takes but cannot deliver: a message that requires a subscriber waits
/// for its first one (outside its partition's order), however long; one that does not is published as usual; a
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
    public async Task A_message_that_requires_a_subscriber_waits_for_one_without_holding_back_its_partition_and_others_go_as_usual()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("nobody_consumer"), broker, $"nobody-consumer-{_run:N}", consumesLedger: true);
        await using var producer = await TestService.StartAsync(await servers.CreateDatabaseAsync("nobody_producer"), broker, $"nobody-producer-{_run:N}");

        await producer.InUnitOfWork((_, outbox) =>
        {
            outbox.Publish(new AwaitedEvent(_run), partitionKey: $"p-{_run:N}");
            outbox.Publish(new NobodyListensEvent(_run), partitionKey: $"p-{_run:N}");
            outbox.Publish(new LedgerEvent(_run, Guid.NewGuid()), partitionKey: $"p-{_run:N}");
            return Task.CompletedTask;
        });

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == 1, TimeSpan.FromSeconds(30), () => Task.FromResult("the partition stayed blocked"));
        await Eventually.Holds(async () => (await Row<NobodyListensEvent>(producer))!.DeliveredAt is not null, TimeSpan.FromSeconds(30),
            () => Task.FromResult("an event nobody has to receive was held back"));
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        var awaited = await Row<AwaitedEvent>(producer);
        awaited!.DeliveredAt.ShouldBeNull("nobody has bound a queue for it yet, and it must not be lost");
        awaited.Attempts.ShouldBeGreaterThan(1, "it is tried again while it waits");
        awaited.LastError.ShouldNotBeNull().ShouldContain("returned");
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

    [RequiresSubscriber]
    public sealed record FirstSubscriberEvent(Guid RunId);

    [RequiresSubscriber]
    public sealed record AwaitedEvent(Guid RunId);

    public sealed record NobodyListensEvent(Guid RunId);

    /// <summary>The library recognises the contracts' attribute by name; a test's own serves the same.</summary>
    [AttributeUsage(AttributeTargets.Class)]
    private sealed class RequiresSubscriberAttribute : Attribute;

    public sealed class FirstSubscriberConsumer(ConcurrentBag<Guid> received) : IConsumer<FirstSubscriberEvent>
    {
        public Task Consume(ConsumeContext<FirstSubscriberEvent> context)
        {
            received.Add(context.Message.RunId);
            return Task.CompletedTask;
        }
    }
}
