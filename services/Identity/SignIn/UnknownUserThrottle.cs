using System.Collections.Concurrent;

namespace OmniRetail.Identity.SignIn;

/// <summary>
/// Attempts on user names that do not exist lock like real accounts do (counted in memory, since there is no row to
/// count on), so the answers do not reveal which names exist.
/// </summary>
public sealed class UnknownUserThrottle(TimeProvider clock, Microsoft.Extensions.Options.IOptions<SignInOptions> options)
{
    private sealed record Failures(int Count, DateTimeOffset? LockedUntil);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Until when the name is locked, or null.</summary>
    public DateTimeOffset? LockedUntil(string username) =>
        _failures.TryGetValue(username, out var failures) && failures.LockedUntil > clock.GetUtcNow() ? failures.LockedUntil : null;

    public void Failed(string username)
    {
        // Bounded: a flood of made-up names must not grow the process without limit.
        if (_failures.Count > 100_000)
        {
            _failures.Clear();
        }

        _failures.AddOrUpdate(username, _ => new Failures(1, null), (_, previous) =>
        {
            var count = previous.LockedUntil is { } until && until <= clock.GetUtcNow() ? 1 : previous.Count + 1;
            return new Failures(count, count >= options.Value.MaxFailures ? clock.GetUtcNow() + options.Value.LockDuration : null);
        });
    }
}
