using System.Collections.Concurrent;

namespace OmniRetail.Gateway.Auth;

/// <summary>
/// Password guessing stops at <see cref="MaxFailures"/> wrong passwords in a row for one user name: the user is locked for
/// <see cref="LockDuration"/>, whatever address the attempts come from. Unknown user names are counted alike, so the
/// answer does not reveal which exist.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(15);

    private sealed record Failures(int Count, DateTimeOffset? LockedUntil);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Until when the user is locked, or null.</summary>
    public DateTimeOffset? LockedUntil(string username) =>
        _failures.TryGetValue(username, out var failures) && failures.LockedUntil > clock.GetUtcNow() ? failures.LockedUntil : null;

    public void Failed(string username) =>
        _failures.AddOrUpdate(username, _ => new Failures(1, null), (_, previous) =>
        {
            var count = previous.LockedUntil is { } until && until <= clock.GetUtcNow() ? 1 : previous.Count + 1;
            return new Failures(count, count >= MaxFailures ? clock.GetUtcNow() + LockDuration : null);
        });

    public void Succeeded(string username) => _failures.TryRemove(username, out _);
}
