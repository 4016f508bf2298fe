using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.BuildingBlocks.Messaging;

public static class ReliableMessagingExtensions
{
    /// <summary>Outbox, relay, inbox support and their metrics for the service whose database is <typeparamref name="TContext"/>.</summary>
    public static IHostApplicationBuilder AddReliableMessaging<TContext>(this IHostApplicationBuilder builder)
        where TContext : ServiceDbContext
    {
        builder.Services.AddOptions<ReliableMessagingOptions>().BindConfiguration(ReliableMessagingOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddScoped<ServiceDbContext>(services => services.GetRequiredService<TContext>());
        builder.Services.AddScoped<TransactionalOutbox>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
