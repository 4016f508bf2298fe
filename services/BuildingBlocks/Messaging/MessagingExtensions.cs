using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OmniRetail.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Connects the service to RabbitMQ through MassTransit. Queue names carry the service name so two
    /// services consuming the same event each get their own copy. The bus health check (tagged ready by
    /// MassTransit) makes readiness depend on the broker.
    /// </summary>
    public static IHostApplicationBuilder AddServiceMessaging(
        this IHostApplicationBuilder builder, string serviceName, string connectionString, Action<IBusRegistrationConfigurator>? configure = null)
    {
        var broker = RabbitMqAddress.Parse(connectionString);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // A transient failure (a serialization failure, two first events racing on a key, an order whose submission has
            // not committed yet) is retried with backoff before the message goes to the endpoint's error queue.
            bus.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(retry =>
                retry.Exponential(6, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300))));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        // Start-up waits for the broker connection: a service that answers requests before it can
        // publish would accept work it cannot hand on.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
