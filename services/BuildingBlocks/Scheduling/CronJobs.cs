using Cronos;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OmniRetail.BuildingBlocks.Scheduling;

/// <summary>Work a service does on a schedule (a nightly recompute, an hourly expiry), run in a scope of its own.</summary>
public interface IScheduledJob
{
    Task Run(CancellationToken cancellationToken);
}

public sealed class CronScheduleOptions
{
    /// <summary>A cron expression in UTC (minute hour day month weekday, or with seconds first).</summary>
    public string Schedule { get; set; } = "0 2 * * *";

    public CronExpression Cron() =>
        CronExpression.Parse(Schedule, Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    public bool IsValid()
    {
        try
        {
            Cron();
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}

public static class CronJobExtensions
{
    /// <summary>
    /// Runs <typeparamref name="TJob"/> on the cron schedule at <c>{section}:Schedule</c> (<paramref name="defaultSchedule"/>
    /// when unset); a schedule that is not a cron expression stops the service at start, naming the setting.
    /// </summary>
    public static WebApplicationBuilder AddCronJob<TJob>(this WebApplicationBuilder builder, string section, string defaultSchedule)
        where TJob : class, IScheduledJob
    {
        builder.Services.AddScoped<TJob>();
        builder.Services.AddOptions<CronScheduleOptions>(typeof(TJob).Name)
            .Configure(options => options.Schedule = defaultSchedule)
            .BindConfiguration(section)
            .Validate(options => options.IsValid(), $"{section}:Schedule is not a cron expression")
            .ValidateOnStart();
        builder.Services.AddHostedService<CronJob<TJob>>();
        return builder;
    }
}

/// <summary>Runs its job at every occurrence of its schedule; a failed run is logged and the next occurrence runs as planned.</summary>
public sealed partial class CronJob<TJob>(IServiceScopeFactory scopes, IOptionsMonitor<CronScheduleOptions> options, TimeProvider clock, ILogger<CronJob<TJob>> logger)
    : BackgroundService
    where TJob : class, IScheduledJob
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Get(typeof(TJob).Name).Cron();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (next.Value - clock.GetUtcNow().UtcDateTime).Ticks)), clock, stoppingToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TJob>().Run(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, typeof(TJob).Name, exception);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The scheduled job {Job} failed; it runs again at the next occurrence")]
    private static partial void LogFailed(ILogger logger, string job, Exception exception);
}
