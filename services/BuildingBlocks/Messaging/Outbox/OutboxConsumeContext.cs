using MassTransit;
using MassTransit.Context;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// A consume context whose Publish and Send (and those of every context MassTransit derives from it,
/// such as a saga's) go to the <see cref="TransactionalOutbox"/> of the current unit of work.
/// </summary>
internal sealed class OutboxConsumeContext<TMessage> : ConsumeContextProxy<TMessage>
    where TMessage : class
{
    public OutboxConsumeContext(ConsumeContext<TMessage> context, TransactionalOutbox outbox)
        : base(context)
    {
        var endpoints = new OutboxEndpointProvider(outbox);
        ReceiveContext = new OutboxReceiveContext(context.ReceiveContext, endpoints);
        PublishEndpointProvider = endpoints;
    }

    private sealed class OutboxReceiveContext(ReceiveContext context, OutboxEndpointProvider endpoints) : ReceiveContextProxy(context)
    {
        public override ISendEndpointProvider SendEndpointProvider => endpoints;

        public override IPublishEndpointProvider PublishEndpointProvider => endpoints;
    }
}
