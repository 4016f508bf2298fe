using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging;

public static class ReliableMessagingExtensions
{
    /// <summary>Outbox, relay, inbox support and their metrics for the service whose database is <typeparamref name="TContext"/>.</summary>
    public static IHostApplicationBuilder AddReliableMessaging<TContext>(this IHostApplicationBuilder builder)
        where TContext : MessagingDbContext
    {
        builder.Services.AddOptions<ReliableMessagingOptions>().BindConfiguration(ReliableMessagingOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        builder.Services.AddSingleton<MessagingMetrics>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddScoped<MessagingDbContext>(services => services.GetRequiredService<TContext>());
        builder.Services.AddScoped<TransactionalOutbox>();
        builder.Services.AddHostedService<OutboxRelay>();
        return builder;
    }
}
