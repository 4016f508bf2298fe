using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniRetail.BuildingBlocks.Messaging.Redelivery;

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
            // A failed message is retried in process, then redelivered later through the outbox's scheduler, then kept dead for
            // an operator (ScheduledRedeliveryFilter).
            bus.AddConfigureEndpointsCallback((context, _, endpoint) => endpoint.UseConsumeFilter(typeof(ScheduledRedeliveryFilter<>), context));
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
