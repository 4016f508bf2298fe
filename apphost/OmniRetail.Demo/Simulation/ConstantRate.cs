using System.Diagnostics;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// Open-loop load: operation i starts at start + i / rate whether or not earlier ones have finished,
/// so a slow system shows up as latency and a growing backlog, never as a politely lower request rate.
/// </summary>
public static class ConstantRate
{
    /// <summary>Runs <c>perSecond × duration</c> operations (or until cancelled when the duration is infinite), then waits for the last to finish.</summary>
    public static async Task Run(double perSecond, TimeSpan duration, Func<long, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        var total = duration == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)Math.Round(perSecond * duration.TotalSeconds);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        long started = 0;
        try
        {
            while (started < total)
            {
                var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * perSecond) + 1);
                for (; started < due; started++)
                {
                    inFlight.Add(operation(started));
                }

                inFlight.RemoveAll(task => task.IsCompleted);
                await Task.Delay(TimeSpan.FromMilliseconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the caller's choice; the operations already started still finish below.
        }

        await Task.WhenAll(inFlight);
    }
}
