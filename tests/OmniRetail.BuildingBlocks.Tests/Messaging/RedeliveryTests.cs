using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.BuildingBlocks.Tests.Support;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Messaging;

/// <summary>
/// A message that fails at its consumer: retried in process, then sent back to the consumer's queue later through the
/// outbox (with its original id, so it still takes effect once), then kept dead until an operator replays it.
/// </summary>
public sealed class RedeliveryTests(TestServers servers)
{
    private const int Retries = 3;
    private const int InProcessAttempts = Retries + 1;
    private readonly Guid _run = Guid.NewGuid();

    [Fact]
    public async Task A_message_failing_through_every_in_process_retry_is_redelivered_later_and_takes_effect_once()
    {
        var flaky = new Flakiness { FailFirst = InProcessAttempts };
        await using var consumer = await Start("redelivery_once", flaky);
        await Publish(consumer);

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == 1, TimeSpan.FromSeconds(60),
            () => Task.FromResult($"not processed after {flaky.Attempts(_run)} attempts"));
        flaky.Attempts(_run).ShouldBe(InProcessAttempts + 1, "every in-process retry, then one redelivery");
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        (await consumer.LedgerCount(_run)).ShouldBe(1);
    }

    [Fact]
    public async Task A_message_failing_after_every_redelivery_is_dead_listed_for_an_operator_and_replayed_on_request()
    {
        var flaky = new Flakiness { FailFirst = int.MaxValue };
        await using var consumer = await Start("redelivery_dead", flaky);
        await Publish(consumer);
        using var operatorApi = consumer.Staff(StaffRoles.Operator);
        var path = $"/api/redelivery-{_run:N}/messages/dead";

        JsonNode? listed = null;
        await Eventually.Holds(async () =>
                (listed = (await operatorApi.GetFromJsonAsync<JsonObject>(path, TestContext.Current.CancellationToken))!["items"]!.AsArray()
                    .FirstOrDefault(item => item!["messageType"]!.GetValue<string>().Contains(nameof(FlakyEvent)))) is not null,
            TimeSpan.FromSeconds(60), () => Task.FromResult($"nothing dead after {flaky.Attempts(_run)} attempts"));
        flaky.Attempts(_run).ShouldBe(InProcessAttempts * 3, "the original delivery and both redeliveries, each with every in-process retry");
        listed!["redeliveries"]!.GetValue<int>().ShouldBe(2);
        listed["lastError"]!.GetValue<string>().ShouldContain("flaky");

        flaky.FailFirst = 0;
        using var replay = await operatorApi.PostAsync($"{path}/{listed["id"]!.GetValue<long>()}/replay", null, TestContext.Current.CancellationToken);
        replay.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await Eventually.Holds(async () => await consumer.LedgerCount(_run) == 1, TimeSpan.FromSeconds(30), () => Task.FromResult("the replay was not processed"));
        using var unknown = await operatorApi.PostAsync($"{path}/999999999/replay", null, TestContext.Current.CancellationToken);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<TestService> Start(string database, Flakiness flaky) =>
        await TestService.StartAsync(await servers.CreateDatabaseAsync(database), (await servers.RabbitMq()).ConnectionString, $"redelivery-{_run:N}",
            messaging: options =>
            {
                options.Retries = Retries;
                options.RedeliveryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)];
            },
            bus: registration =>
            {
                registration.AddSingleton(flaky);
                registration.AddConsumer<FlakyConsumer>();
            });

    private Task Publish(TestService service) => service.InUnitOfWork((_, outbox) =>
    {
        outbox.Publish(new FlakyEvent(_run));
        return Task.CompletedTask;
    });

    public sealed record FlakyEvent(Guid RunId);

    public sealed class Flakiness
    {
        private readonly ConcurrentDictionary<Guid, int> _attempts = new();

        public int FailFirst { get; set; }

        public int Attempts(Guid run) => _attempts.GetValueOrDefault(run);

        public bool Fails(Guid run) => _attempts.AddOrUpdate(run, 1, (_, count) => count + 1) <= FailFirst;
    }

    public sealed class FlakyConsumer(ServiceDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, Flakiness flaky)
        : InboxConsumer<FlakyEvent>(db, outbox, metrics)
    {
        protected override Task Handle(ConsumeContext<FlakyEvent> context)
        {
            if (flaky.Fails(context.Message.RunId))
            {
                throw new InvalidOperationException("flaky: not this time");
            }

            Db.Add(new LedgerEntry { RunId = context.Message.RunId, EventId = context.Message.RunId, RecordedAt = DateTime.UtcNow });
            return Task.CompletedTask;
        }
    }
}
