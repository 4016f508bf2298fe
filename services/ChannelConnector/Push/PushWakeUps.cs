using Microsoft.EntityFrameworkCore;
using Npgsql;
using OmniRetail.ChannelConnector.Persistence;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>
/// Hears PostgreSQL <c>NOTIFY</c> on <see cref="PushPlanner.WakeUpChannel"/>, sent by every commit that gave a channel
/// something to send (a planned push, an order update), in this instance or any other, and wakes the loops that send.
/// </summary>
public sealed class PushWakeUps(IServiceScopeFactory scopes, PushPulse pulse, ILogger<PushWakeUps> logger) : BackgroundService
{
    /// <summary>The channels OmniRetail sends to: an API of their own and outbound settings to reach it.</summary>
    public static Task<List<string>> PushingChannels(ChannelDbContext db, CancellationToken cancellationToken) =>
        db.Channels.AsNoTracking().Where(c => c.ProtectedOutbound != null && PushPlanner.PushedKinds.Contains(c.Kind)).Select(c => c.Code).ToListAsync(cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Listen(stoppingToken);

    /// <summary>Wakes the loops on every commit that planned a push, in this instance or any other.</summary>
    private async Task Listen(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                string connectionString;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    connectionString = scope.ServiceProvider.GetRequiredService<ChannelDbContext>().Database.GetConnectionString()!;
                }

                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => pulse.Beat();
                await using (var listen = new NpgsqlCommand($"LISTEN {PushPlanner.WakeUpChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was committed while nobody listened.
                pulse.Beat();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Lost the connection that hears of planned pushes; polling until it is back");
                await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(1), stoppingToken));
            }
        }
    }
}

/// <summary>A wake-up call: a waiter that saw version v returns as soon as there was a beat after v, even one before it started waiting.</summary>
public sealed class PushPulse
{
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Version => Interlocked.Read(ref _version);

    public void Beat()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public Task After(long seen)
    {
        // The task first: a beat between the two reads then either completed it or moved the version on.
        var next = Volatile.Read(ref _next).Task;
        return Version != seen ? Task.CompletedTask : next;
    }
}
