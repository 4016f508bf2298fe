using MassTransit;

namespace OmniRetail.TestInfrastructure;

/// <summary>
/// A queue of the test's own on the broker, bound to the message types it listens to: what a service published, as
/// another service would have received it. The queue goes away with the tap.
/// </summary>
public sealed class MessageTap : IAsyncDisposable
{
    private readonly List<object> _seen = [];
    private TestBus? _bus;
    private IRabbitMqReceiveEndpointConfigurator? _endpoint;

    private MessageTap()
    {
    }

    /// <param name="listen">Names the message types to record (<see cref="Listen{T}"/>).</param>
    public static async Task<MessageTap> Start(string broker, string name, Action<MessageTap> listen)
    {
        var tap = new MessageTap();
        tap._bus = await TestBus.Connect(broker, rabbit => rabbit.ReceiveEndpoint($"{name}-tap-{Guid.NewGuid():N}", endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Durable = false;
            tap._endpoint = endpoint;
            listen(tap);
        }));
        return tap;
    }

    public MessageTap Listen<T>() where T : class
    {
        _endpoint!.Handler<T>(context =>
        {
            lock (_seen)
            {
                _seen.Add(context.Message);
            }

            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>The messages of type <typeparamref name="T"/> seen so far, in the order they arrived.</summary>
    public List<T> Published<T>()
    {
        lock (_seen)
        {
            return _seen.OfType<T>().ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }
}
