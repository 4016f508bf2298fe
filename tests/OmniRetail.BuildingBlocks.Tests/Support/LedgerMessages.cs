using System.Collections.Concurrent;
using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.BuildingBlocks.Tests.Support;

/// <summary>
/// Test classes share one broker, so every consumer sees every class's events; each class tags its
/// events with its own <see cref="RunId"/> and counts only those.
/// </summary>
public sealed record LedgerEvent(Guid RunId, Guid EventId);

/// <summary>
/// Per run (or per saga instance): deliveries on the wire (duplicates included, seen by a consume
/// observer), deliveries that faulted, and effects handled.
/// </summary>
public sealed class DeliveryCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Guid, int> _delivered = new();
    private readonly ConcurrentDictionary<Guid, int> _faulted = new();
    private readonly ConcurrentDictionary<Guid, int> _handled = new();

    /// <summary>Set by a test to widen the window in which concurrent duplicates overlap.</summary>
    public TimeSpan HandleDelay { get; set; }

    public int Delivered(Guid run) => _delivered.GetValueOrDefault(run);

    public int Faulted(Guid run) => _faulted.GetValueOrDefault(run);

    public int Handled(Guid run) => _handled.GetValueOrDefault(run);

    public void CountHandled(Guid run) => _handled.AddOrUpdate(run, 1, (_, count) => count + 1);

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Count(_delivered, context.Message);

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Count(_faulted, context.Message);

    private static Task Count(ConcurrentDictionary<Guid, int> counts, object message)
    {
        Guid? run = message switch
        {
            LedgerEvent ledgerEvent => ledgerEvent.RunId,
            TallyIncremented increment => increment.TallyId,
            _ => null,
        };
        if (run is { } key)
        {
            counts.AddOrUpdate(key, 1, (_, count) => count + 1);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Records one ledger row per event it processes; the inbox makes that exactly once.</summary>
public sealed class LedgerConsumer(ServiceDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, DeliveryCounter deliveries)
    : InboxConsumer<LedgerEvent>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<LedgerEvent> context)
    {
        deliveries.CountHandled(context.Message.RunId);
        await Task.Delay(deliveries.HandleDelay, context.CancellationToken);
        Db.Add(new LedgerEntry { RunId = context.Message.RunId, EventId = context.Message.EventId, RecordedAt = DateTime.UtcNow });
    }
}

/// <summary>The batch form of <see cref="LedgerConsumer"/>; an event whose id is <see cref="Poison"/> makes it throw.</summary>
public sealed class LedgerBatchConsumer(ServiceDbContext db, MessagingMetrics metrics, DeliveryCounter deliveries)
    : InboxBatchConsumer<LedgerEvent>(db, metrics)
{
    public static readonly Guid Poison = Guid.Parse("0badf00d-0000-0000-0000-000000000000");

    protected override Task Handle(IReadOnlyList<ConsumeContext<LedgerEvent>> messages)
    {
        foreach (var message in messages.Select(context => context.Message))
        {
            deliveries.CountHandled(message.RunId);
            if (message.EventId == Poison)
            {
                throw new InvalidOperationException("a message this consumer cannot process");
            }

            Db.Add(new LedgerEntry { RunId = message.RunId, EventId = message.EventId, RecordedAt = DateTime.UtcNow });
        }

        return Task.CompletedTask;
    }
}
