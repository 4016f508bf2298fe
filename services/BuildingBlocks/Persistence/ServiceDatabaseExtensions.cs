using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.BuildingBlocks.Persistence;

public static class ServiceDatabaseExtensions
{
    /// <summary>
    /// Registers the service's own database (connection string named <paramref name="database"/>) with
    /// its outbox and inbox and the protector for personal data at rest, applies its migrations before
    /// anything else starts, and makes readiness depend on it.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string database)
        where TContext : ServiceDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(database)
            ?? throw new InvalidOperationException(
                $"Connection string '{database}' is missing. Start the stack through the AppHost (./run.sh) or set ConnectionStrings__{database}.");

        // One data source for the process and pooled contexts: building options, resolving EF's services and
        // parsing the connection string per unit of work cost more CPU than the unit's own SQL.
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(ConnectionDefaults.Apply(connectionString)).Build());
        builder.Services.AddDbContextPool<TContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql =>
                npgsql.EnableRetryOnFailure(maxRetryCount: 5, maxRetryDelay: TimeSpan.FromSeconds(5), errorCodesToAdd: null))
            .AddInterceptors(services.GetRequiredService<OutboxCommitInterceptor>(), services.GetRequiredService<AuditSaveInterceptor>()));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<AuditSaveInterceptor>();
        // Created now, not on first use: a missing key stops the service at start, not at its first order.
        builder.Services.AddSingleton(new PersonalDataProtector(builder.Configuration[PersonalDataProtector.ConfigurationKey] ?? ""));
        builder.Services.AddSingleton<IMessageBodyProtector>(services => services.GetRequiredService<PersonalDataProtector>());
        builder.Services.AddScoped<ServiceDbContext>(services => services.GetRequiredService<TContext>());
        builder.AddReliableMessaging<TContext>();

        // Hosted services start in registration order: migrating here, before the bus and the web
        // server start, means no consumer or request ever sees an old schema.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseMigrator<TContext>>());
        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{database}", tags: [Extensions.ReadyTag]);
        return builder;
    }
}
