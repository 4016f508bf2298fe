using Aspire.Hosting.Testing;
using MassTransit;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>
/// A bus on the stack's own broker, for tests that must put messages in an order the services would rarely produce
/// by themselves (a release before its request, a payment before its order) and for benchmarks that bypass intake.
/// </summary>
public static class StackBus
{
    public static async Task<TestBus> Connect(WholeStack stack, Action<IRabbitMqBusFactoryConfigurator>? configure = null) =>
        await TestBus.Connect((await stack.App.GetConnectionStringAsync(ResourceNames.RabbitMqConnection, TestContext.Current.CancellationToken))!, configure);
}
