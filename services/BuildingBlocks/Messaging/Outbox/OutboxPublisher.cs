using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>Turns stored rows back into messages and hands them to MassTransit, keeping their ids and trace context.</summary>
/// <remarks>
/// A message whose type carries an attribute named <c>RequiresSubscriberAttribute</c> (a service consumes it) is published
/// mandatory: if no queue is bound for it yet (its consumer never started, or has not yet), the broker returns it instead
/// of confirming and dropping it, and the relay keeps it until a queue takes it. Other messages are published as usual.
/// </remarks>
public sealed class OutboxPublisher(IBus bus, IMessageBodyProtector protector)
{
    private readonly ConcurrentDictionary<Type, bool> _requiresSubscriber = new();

    private bool RequiresSubscriber(Type type) =>
        _requiresSubscriber.GetOrAdd(type, t => t.GetCustomAttributes(inherit: false).Any(a => a.GetType().Name == "RequiresSubscriberAttribute"));

    public async Task<IReadOnlyList<(OutboxMessage Message, Exception? Error)>> PublishInOrder(
        IReadOnlyList<OutboxMessage> partition, CancellationToken cancellationToken)
    {
        var outcomes = new List<(OutboxMessage, Exception?)>(partition.Count);
        foreach (var message in partition)
        {
            try
            {
                await Publish(message, cancellationToken);
                outcomes.Add((message, null));
            }
            catch (Exception exception) when (IsReturned(exception))
            {
                // Unrouted: it leaves its partition (nobody is there to receive it in order), so the rest goes on now.
                outcomes.Add((message, exception));
            }
            catch (Exception exception)
            {
                outcomes.Add((message, exception));
                break;
            }
        }

        return outcomes;
    }

    /// <summary>The broker returned the message: no queue is bound for its type.</summary>
    public static bool IsReturned(Exception exception)
    {
        for (Exception? next = exception; next is not null; next = next.InnerException)
        {
            if (next is MessageReturnedException)
            {
                return true;
            }
        }

        return false;
    }

    private async Task Publish(OutboxMessage stored, CancellationToken cancellationToken)
    {
        var type = MessageTypes.Resolve(stored.MessageType);
        object message;
        try
        {
            message = JsonSerializer.Deserialize(protector.Unprotect(stored.Body), type, TransactionalOutbox.Json)
                ?? throw new UnreadableMessageException($"Message {stored.MessageId} has an empty body.");
        }
        catch (Exception exception) when (exception is JsonException or CryptographicException or FormatException)
        {
            throw new UnreadableMessageException($"Message {stored.MessageId} cannot be read as {type.Name}: {exception.Message}", exception);
        }

        // Continue the trace of the unit of work that stored the message, not the relay's own.
        ActivityContext.TryParse(stored.TraceParent, null, out var parent);
        using var activity = MessagingMetrics.ActivitySource.StartActivity("outbox relay", ActivityKind.Producer, parent);

        var mandatory = RequiresSubscriber(type);
        var headers = Redelivery.MessageRedelivery.ReadHeaders(stored.Headers);

        void Stamp(SendContext context)
        {
            context.MessageId = stored.MessageId;
            context.CorrelationId ??= stored.CorrelationId;
            foreach (var (name, value) in headers)
            {
                context.Headers.Set(name, value);
            }

            if (mandatory && context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }

        if (stored.DestinationAddress is null)
        {
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(Stamp), cancellationToken);
        }
        else
        {
            var endpoint = await bus.GetSendEndpoint(new Uri(stored.DestinationAddress));
            await endpoint.Send(message, type, Pipe.Execute<SendContext>(Stamp), cancellationToken);
        }
    }
}
