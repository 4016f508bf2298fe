using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OmniRetail.BuildingBlocks.Messaging.Schema;

namespace OmniRetail.BuildingBlocks.Persistence;

/// <summary>Creates the database if needed and applies pending EF Core migrations at start.</summary>
internal sealed partial class DatabaseMigrator<TContext>(IServiceProvider services, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await context.Database.MigrateAsync(cancellationToken);
        // The messaging library's tables are not in the service's migrations: the library migrates them itself.
        var messagingSteps = await MessagingSchema.ApplyAsync(context, cancellationToken);
        LogMigrated(typeof(TContext).Name, pending.Count, messagingSteps, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "{Context}: applied {Count} pending migration(s) and {MessagingSteps} messaging schema step(s) in {ElapsedMs:F0} ms")]
    private partial void LogMigrated(string context, int count, int messagingSteps, double elapsedMs);
}
