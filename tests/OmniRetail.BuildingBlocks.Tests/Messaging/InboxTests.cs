using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

public sealed class InboxTests(TestServers servers)
{
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task The_same_message_delivered_five_times_concurrently_has_one_effect()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var consumer = await TestService.StartAsync(await servers.CreateDatabaseAsync("inbox_consumer"), broker, $"inbox-{_run:N}", consumesLedger: true);
        consumer.Deliveries.HandleDelay = TimeSpan.FromMilliseconds(50);
        var bus = consumer.App.Services.GetRequiredService<IBus>();
        var messageId = NewId.NextGuid();
        var message = new LedgerEvent(_run, Guid.NewGuid());

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            bus.Publish(message, context => context.MessageId = messageId, TestContext.Current.CancellationToken)));

        await Eventually.Holds(() => Task.FromResult(consumer.Deliveries.Delivered(_run) == 5), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"{consumer.Deliveries.Delivered(_run)} of 5 deliveries consumed"));

        (await consumer.LedgerCount(_run)).ShouldBe(1);
        consumer.Deliveries.Handled(_run).ShouldBe(1, "Handle ran more than once for one message id");
        (await InboxRows(consumer, messageId)).ShouldBe(1);
    }

    private static Task<int> InboxRows(TestService service, Guid messageId) =>
        service.Query(db => db.Set<InboxEntry>().CountAsync(entry => entry.MessageId == messageId));
}
