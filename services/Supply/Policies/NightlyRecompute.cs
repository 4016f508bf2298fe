using Cronos;
using Microsoft.Extensions.Options;

namespace OmniRetail.Supply.Policies;

public sealed class RecomputeOptions
{
    public const string Section = "Supply:Recompute";

    /// <summary>A cron expression in UTC (minute hour day month weekday, or with seconds first); nightly at 02:00 by default.</summary>
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

/// <summary>Recomputes every policy on the configured schedule (Supply__Recompute__Schedule).</summary>
public sealed partial class NightlyRecompute(IServiceScopeFactory scopes, IOptions<RecomputeOptions> options, TimeProvider clock, ILogger<NightlyRecompute> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value.Cron();
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
                await scope.ServiceProvider.GetRequiredService<PolicyRecompute>().All(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The scheduled policy recompute failed; it runs again at the next occurrence")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
