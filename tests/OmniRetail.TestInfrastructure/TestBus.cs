using Xunit;
using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;

namespace OmniRetail.TestInfrastructure;

/// <summary>
/// A bus of the test's own on a real broker: to put messages in an order the services would rarely produce by
/// themselves, and to listen (on a temporary queue) to what the services publish.
/// </summary>
public sealed class TestBus : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private TestBus(IBusControl bus) => _bus = bus;

    public IBus Bus => _bus;

    public static async Task<TestBus> Connect(string connectionString, Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        var broker = RabbitMqAddress.Parse(connectionString);
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
            {
                host.Username(broker.Username);
                host.Password(broker.Password);
            });
            configure?.Invoke(rabbit);
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return new TestBus(bus);
    }

    public Task Publish<T>(T message) where T : class => _bus.Publish(message, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
