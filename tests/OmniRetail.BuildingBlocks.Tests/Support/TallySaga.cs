using MassTransit;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Tests.Support;

public sealed record TallyIncremented(Guid TallyId, int Amount, string? Reference = null);

public sealed record TallyRelabelled(string Reference, string Label);

public sealed record TallyDeadlineSet(Guid TallyId, DateTimeOffset DueAt);

public sealed record TallyDeadlineCancelled(Guid TallyId);

public sealed record TallyExpired(Guid TallyId);

/// <summary>Published by the saga on every increment, so tests can see its messages leave through the outbox.</summary>
public sealed record TallyChanged(Guid TallyId, int Count);

public sealed class TallyState : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Count { get; set; }

    public int Total { get; set; }

    public string? Reference { get; set; }

    public string? Label { get; set; }

    public Guid? DeadlineToken { get; set; }
}

/// <summary>
/// A saga small enough to reason about under load: it counts increments (any increment may be the one
/// that creates it), is found by reference through a query, and expires on a durable deadline.
/// An increment of <see cref="PoisonAmount"/> fails after the saga has changed and published.
/// </summary>
public sealed class TallyStateMachine : MassTransitStateMachine<TallyState>
{
    public const int PoisonAmount = -1;

    public TallyStateMachine()
    {
        InstanceState(tally => tally.CurrentState);
        Event(() => Incremented, e => e.CorrelateById(context => context.Message.TallyId));
        Event(() => Relabelled, e => e.CorrelateBy((tally, context) => tally.Reference == context.Message.Reference));
        Event(() => DeadlineSet, e => e.CorrelateById(context => context.Message.TallyId));
        Event(() => DeadlineCancelled, e => e.CorrelateById(context => context.Message.TallyId));
        Event(() => Expired, e => e.CorrelateById(context => context.Message.TallyId));

        Initially(When(Incremented).Then(Increment).Publish(Changed).Then(FailOnPoison).TransitionTo(Counting));
        During(Counting,
            When(Incremented).Then(Increment).Publish(Changed).Then(FailOnPoison),
            When(Relabelled).Then(context => context.Saga.Label = context.Message.Label),
            When(DeadlineSet).Then(context =>
                context.Saga.DeadlineToken = Outbox(context).Schedule(new TallyExpired(context.Saga.CorrelationId), context.Message.DueAt)),
            When(DeadlineCancelled).ThenAsync(async context =>
            {
                await Outbox(context).CancelScheduled(context.Saga.DeadlineToken!.Value, context.CancellationToken);
                context.Saga.DeadlineToken = null;
            }),
            When(Expired).TransitionTo(Closed));
    }

    public State Counting { get; private set; } = null!;

    public State Closed { get; private set; } = null!;

    public Event<TallyIncremented> Incremented { get; private set; } = null!;

    public Event<TallyRelabelled> Relabelled { get; private set; } = null!;

    public Event<TallyDeadlineSet> DeadlineSet { get; private set; } = null!;

    public Event<TallyDeadlineCancelled> DeadlineCancelled { get; private set; } = null!;

    public Event<TallyExpired> Expired { get; private set; } = null!;

    private static void Increment(BehaviorContext<TallyState, TallyIncremented> context)
    {
        context.Saga.Count++;
        context.Saga.Total += context.Message.Amount;
        context.Saga.Reference ??= context.Message.Reference;
    }

    private static TallyChanged Changed(BehaviorContext<TallyState, TallyIncremented> context) =>
        new(context.Saga.CorrelationId, context.Saga.Count);

    private static void FailOnPoison(BehaviorContext<TallyState, TallyIncremented> context)
    {
        if (context.Message.Amount == PoisonAmount)
        {
            throw new InvalidOperationException("Poison increment: the saga's change and the message it published must both roll back.");
        }
    }

    private static TransactionalOutbox Outbox(ConsumeContext context) => context.GetServiceOrCreateInstance<TransactionalOutbox>();
}
