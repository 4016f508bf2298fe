using Aspire.Hosting.Testing;
using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>
/// A bus on the stack's own broker, for tests that must put messages in an order the services would rarely produce
/// by themselves (a release before its request, a payment before its order) and for benchmarks that bypass intake.
/// </summary>
public sealed class StackBus : IAsyncDisposable
{
    private readonly IBusControl _bus;

    private StackBus(IBusControl bus) => _bus = bus;

    public IBus Bus => _bus;

    public static async Task<StackBus> Connect(WholeStack stack, Action<IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        var broker = RabbitMqAddress.Parse((await stack.App.GetConnectionStringAsync(ResourceNames.RabbitMqConnection, TestContext.Current.CancellationToken))!);
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
        return new StackBus(bus);
    }

    public Task Publish<T>(T message) where T : class => _bus.Publish(message, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}
