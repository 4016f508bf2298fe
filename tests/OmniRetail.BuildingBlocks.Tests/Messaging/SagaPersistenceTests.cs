using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging.Sagas;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// The saga repository on PostgreSQL under the conditions that break naive ones: many events for one
/// instance at once (lost updates), several of them racing to create it, redeliveries, a failure after
/// the saga published, correlation by query, and timeouts across a restart.
/// </summary>
public sealed class SagaPersistenceTests(TestServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task A_hundred_concurrent_events_for_one_new_saga_lose_no_update()
    {
        await using var service = await StartAsync("saga_concurrency");
        var tally = NewId.NextGuid();
        var bus = service.App.Services.GetRequiredService<IBus>();

        // Every one of them may be the one that creates the instance.
        await Task.WhenAll(Enumerable.Range(1, 100).Select(amount => bus.Publish(new TallyIncremented(tally, amount), Cancellation)));

        await ConsumedAll(service, tally, 100);
        var state = await Tally(service, tally);
        state.ShouldNotBeNull();
        state.Count.ShouldBe(100);
        state.Total.ShouldBe(5050);
        (await service.Query(db => db.Set<TallyState>().CountAsync(t => t.CorrelationId == tally))).ShouldBe(1);
        // Each event saw the committed result of the one before: the counts it published are 1..100, once each.
        (await PublishedCounts(service, tally)).Order().ShouldBe(Enumerable.Range(1, 100));
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_concurrently_changes_the_saga_once()
    {
        await using var service = await StartAsync("saga_redelivery");
        var tally = NewId.NextGuid();
        var bus = service.App.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            bus.Publish(new TallyIncremented(tally, 7), context => context.MessageId = messageId, Cancellation)));

        await ConsumedAll(service, tally, 5);
        var state = await Tally(service, tally);
        state.ShouldNotBeNull();
        (state.Count, state.Total).ShouldBe((1, 7));
        (await PublishedCounts(service, tally)).ShouldBe([1]);
    }

    [Fact]
    public async Task A_saga_change_and_the_message_it_published_roll_back_together()
    {
        await using var service = await StartAsync("saga_rollback");
        var tally = NewId.NextGuid();
        var bus = service.App.Services.GetRequiredService<IBus>();

        await bus.Publish(new TallyIncremented(tally, 3), Cancellation);
        await ConsumedAll(service, tally, 1);
        await bus.Publish(new TallyIncremented(tally, TallyStateMachine.PoisonAmount), Cancellation);
        // It fails on every try, so after its retries and redelivery it is dead, its effects rolled back each time.
        await Eventually.Holds(() => service.Query(db => db.Set<OutboxMessage>().AnyAsync(m => m.DeadAt != null && m.MessageType.Contains(nameof(TallyIncremented)))),
            Patience, () => Task.FromResult("the poison increment never went dead"));

        var state = await Tally(service, tally);
        state.ShouldNotBeNull();
        (state.Count, state.Total).ShouldBe((1, 3));
        (await PublishedCounts(service, tally)).ShouldBe([1], "the failed increment's TallyChanged must not have been stored");
    }

    [Fact]
    public async Task An_event_correlated_by_query_reaches_the_saga_it_names()
    {
        await using var service = await StartAsync("saga_query");
        var tally = NewId.NextGuid();
        var other = NewId.NextGuid();
        var reference = $"order-{_run:N}";
        var bus = service.App.Services.GetRequiredService<IBus>();
        await bus.Publish(new TallyIncremented(tally, 1, reference), Cancellation);
        await bus.Publish(new TallyIncremented(other, 1, $"other-{_run:N}"), Cancellation);
        await ConsumedAll(service, tally, 1);
        await ConsumedAll(service, other, 1);

        await bus.Publish(new TallyRelabelled(reference, "gold"), Cancellation);

        await Eventually.Holds(async () => (await Tally(service, tally))?.Label == "gold", Patience,
            async () => $"label is '{(await Tally(service, tally))?.Label}'");
        (await Tally(service, other))!.Label.ShouldBeNull();
    }

    [Fact]
    public async Task A_saga_timeout_fires_after_a_restart_and_a_cancelled_one_never_fires()
    {
        var database = await servers.CreateDatabaseAsync("saga_timeout");
        var expiring = NewId.NextGuid();
        var cancelled = NewId.NextGuid();
        DateTimeOffset dueAt;

        await using (var first = await StartAsync(database: database))
        {
            var bus = first.App.Services.GetRequiredService<IBus>();
            await bus.Publish(new TallyIncremented(expiring, 1), Cancellation);
            await bus.Publish(new TallyIncremented(cancelled, 1), Cancellation);
            await ConsumedAll(first, expiring, 1);
            await ConsumedAll(first, cancelled, 1);
            dueAt = DateTimeOffset.UtcNow.AddSeconds(10);
            await bus.Publish(new TallyDeadlineSet(expiring, dueAt), Cancellation);
            await bus.Publish(new TallyDeadlineSet(cancelled, dueAt), Cancellation);
            await Eventually.Holds(async () => (await Tally(first, cancelled))?.DeadlineToken is not null, Patience, () => Task.FromResult("deadline not set"));
            await bus.Publish(new TallyDeadlineCancelled(cancelled), Cancellation);
            await Eventually.Holds(async () => (await Tally(first, cancelled))?.DeadlineToken is null, Patience, () => Task.FromResult("deadline not cancelled"));
            (await Tally(first, expiring))!.DeadlineToken.ShouldNotBeNull();
        }

        DateTimeOffset.UtcNow.ShouldBeLessThan(dueAt, "the first process must be gone before the deadline is due");
        await using var second = await StartAsync(database: database);
        await Eventually.Holds(async () => (await Tally(second, expiring))?.CurrentState == "Closed", Patience,
            async () => $"expiring tally is {(await Tally(second, expiring))?.CurrentState}");
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        (await Tally(second, cancelled))!.CurrentState.ShouldBe("Counting");
    }

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private async Task<TestService> StartAsync(string? purpose = null, string? database = null) =>
        await TestService.StartAsync(
            database ?? await servers.CreateDatabaseAsync(purpose!),
            (await servers.RabbitMq()).ConnectionString,
            $"saga-{_run:N}",
            bus: registration => registration.AddSagaStateMachine<TallyStateMachine, TallyState>()
                .PostgresRepository()
                .Endpoint(endpoint => endpoint.ConcurrentMessageLimit = 32));

    private static Task ConsumedAll(TestService service, Guid tally, int deliveries) =>
        Eventually.Holds(() => Task.FromResult(service.Deliveries.Delivered(tally) >= deliveries), Patience,
            () => Task.FromResult($"{service.Deliveries.Delivered(tally)} of {deliveries} deliveries consumed"));

    private static Task<TallyState?> Tally(TestService service, Guid tally) =>
        service.Query(db => db.Set<TallyState>().AsNoTracking().SingleOrDefaultAsync(t => t.CorrelationId == tally));

    private static async Task<List<int>> PublishedCounts(TestService service, Guid tally)
    {
        var bodies = await service.Query(db => db.Set<OutboxMessage>()
            .Where(message => message.MessageType == MessageTypes.NameOf(typeof(TallyChanged)))
            .Select(message => message.Body)
            .ToListAsync());
        var protector = service.App.Services.GetRequiredService<PersonalDataProtector>();
        return bodies.Select(body => JsonSerializer.Deserialize<TallyChanged>(protector.Unprotect(body), TransactionalOutbox.Json)!)
            .Where(changed => changed.TallyId == tally)
            .Select(changed => changed.Count)
            .ToList();
    }
}
