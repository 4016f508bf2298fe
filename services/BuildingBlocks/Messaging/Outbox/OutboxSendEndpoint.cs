using MassTransit;
using MassTransit.Initializers;
using MassTransit.Util;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// What MassTransit sees as a send or publish endpoint inside a unit of work: every message lands in the
/// <see cref="TransactionalOutbox"/> and leaves only if the unit of work commits. Messages correlated to
/// one instance (or published by one saga instance) keep their order. Header-setting pipes are not carried: the outbox keeps the message,
/// its id, correlation and trace context.
/// </summary>
internal sealed class OutboxSendEndpoint(TransactionalOutbox outbox, Uri? destination) : ISendEndpoint
{
    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new EmptyConnectHandle();

    public Task Send<T>(T message, CancellationToken cancellationToken = default) where T : class => Store(message);

    public Task Send<T>(T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default) where T : class => Store(message);

    public Task Send<T>(T message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) where T : class => Store(message);

    public Task Send(object message, CancellationToken cancellationToken = default) => Store(message);

    public Task Send(object message, Type messageType, CancellationToken cancellationToken = default) => Store(message);

    public Task Send(object message, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) => Store(message);

    public Task Send(object message, Type messageType, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) => Store(message);

    public Task Send<T>(object values, CancellationToken cancellationToken = default) where T : class => StoreInitialized<T>(values, cancellationToken);

    public Task Send<T>(object values, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken = default) where T : class =>
        StoreInitialized<T>(values, cancellationToken);

    public Task Send<T>(object values, IPipe<SendContext> pipe, CancellationToken cancellationToken = default) where T : class =>
        StoreInitialized<T>(values, cancellationToken);

    private async Task StoreInitialized<T>(object values, CancellationToken cancellationToken) where T : class
    {
        var initialized = await MessageInitializerCache<T>.InitializeMessage(values, cancellationToken);
        await Store(initialized.Message);
    }

    private Task Store(object message)
    {
        // One partition per instance and kind of message: an instance's messages of one contract namespace (its
        // commands to Inventory, its lifecycle events) keep their order, and one kind never waits for the broker's
        // confirms of another (they go to different consumers, whose relative order no queue could keep anyway).
        var instance = (message as CorrelatedBy<Guid>)?.CorrelationId.ToString() ?? outbox.AggregateKey;
        var partitionKey = instance is null ? null : $"{instance}:{message.GetType().Namespace}";
        if (destination is null)
        {
            outbox.Publish(message, partitionKey);
        }
        else
        {
            outbox.Send(destination, message, partitionKey);
        }

        return Task.CompletedTask;
    }
}
