using MassTransit;
using MassTransit.Util;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>Hands out outbox-backed endpoints in place of the transport's, for one unit of work.</summary>
internal sealed class OutboxEndpointProvider(TransactionalOutbox outbox) : ISendEndpointProvider, IPublishEndpointProvider
{
    private readonly OutboxSendEndpoint _publishEndpoint = new(outbox, destination: null);

    public Task<ISendEndpoint> GetSendEndpoint(Uri address) => Task.FromResult<ISendEndpoint>(new OutboxSendEndpoint(outbox, address));

    public Task<ISendEndpoint> GetPublishSendEndpoint<T>() where T : class => Task.FromResult<ISendEndpoint>(_publishEndpoint);

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => new EmptyConnectHandle();

    public ConnectHandle ConnectPublishObserver(IPublishObserver observer) => new EmptyConnectHandle();
}
