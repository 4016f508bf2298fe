using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>Batch consumers keep the inbox's promise: each message id takes effect once, and one bad message does not hold back its batch.</summary>
public sealed class InboxBatchTests(TestServers servers)
{
    private const int Distinct = 40;
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task Duplicates_inside_and_across_batches_take_effect_once()
    {
        await using var consumer = await StartConsumer("batch_duplicates");
        var bus = consumer.App.Services.GetRequiredService<IBus>();
        var events = Enumerable.Range(0, Distinct).Select(_ => (Id: NewId.NextGuid(), Message: new LedgerEvent(_run, Guid.NewGuid()))).ToList();

        // Every message five times, all at once: copies land in the same batch and in concurrent batches.
        await Task.WhenAll(events.SelectMany(e => Enumerable.Repeat(e, 5)).Select(e =>
            bus.Publish(e.Message, context => context.MessageId = e.Id, TestContext.Current.CancellationToken)));

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) >= Distinct, TimeSpan.FromSeconds(30),
            async () => $"{await consumer.LedgerCount(_run)} of {Distinct} events recorded");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // late copies would show up now
        (await consumer.LedgerCount(_run)).ShouldBe(Distinct);
        (await consumer.DistinctLedgerEvents(_run)).ShouldBe(Distinct);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_does_not_stop_the_rest_of_its_batch()
    {
        await using var consumer = await StartConsumer("batch_poison");
        var bus = consumer.App.Services.GetRequiredService<IBus>();
        var good = Enumerable.Range(0, 9).Select(_ => new LedgerEvent(_run, Guid.NewGuid())).ToList();

        await Task.WhenAll(good.Append(new LedgerEvent(_run, LedgerBatchConsumer.Poison)).Select(message =>
            bus.Publish(message, TestContext.Current.CancellationToken)));

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == good.Count, TimeSpan.FromSeconds(30),
            async () => $"{await consumer.LedgerCount(_run)} of {good.Count} good events recorded");
        (await consumer.DistinctLedgerEvents(_run)).ShouldBe(good.Count);
        consumer.Deliveries.Handled(_run).ShouldBeGreaterThan(good.Count + 1, "the batch failed once and was retried message by message");
    }

    private async Task<TestService> StartConsumer(string name) =>
        await TestService.StartAsync(await servers.CreateDatabaseAsync(name), (await servers.RabbitMq()).ConnectionString, $"{name}-{_run:N}",
            bus: registration => registration.AddInboxBatchConsumer<LedgerBatchConsumer>(timeLimit: TimeSpan.FromMilliseconds(200)));
}
