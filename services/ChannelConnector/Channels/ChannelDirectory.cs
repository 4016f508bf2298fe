using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Persistence;

namespace OmniRetail.ChannelConnector.Channels;

/// <summary>
/// The registered channels as every signed request and every push needs them (with the secret and outbound settings decrypted), remembered for
/// <see cref="Freshness"/> so the intake does not read and decrypt the channel row per order. Re-registering a
/// channel here forgets it at once; another instance of the service picks the change up within
/// <see cref="Freshness"/>. Unknown codes are never remembered: a channel registered a moment ago works at once.
/// </summary>
public sealed class ChannelDirectory(PersonalDataProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    /// <param name="Secrets">The active secrets, newest first.</param>
    public sealed record KnownChannel(Channel Channel, IReadOnlyList<(Guid Id, string Value)> Secrets, OutboundSettings Outbound)
    {
        /// <summary>The newest active secret: what OmniRetail signs its own requests to the channel with.</summary>
        public string Secret => Secrets.Count > 0 ? Secrets[0].Value : "";
    }

    private sealed record Entry(KnownChannel Channel, DateTimeOffset ReadAt);

    private readonly ConcurrentDictionary<string, Entry> _channels = new();

    public async Task<KnownChannel?> Find(ChannelDbContext db, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_channels.TryGetValue(code, out var entry) && now - entry.ReadAt < Freshness)
        {
            return entry.Channel;
        }

        var channel = await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (channel is null)
        {
            _channels.TryRemove(code, out _);
            return null;
        }

        var secrets = await db.Secrets.AsNoTracking().Where(s => s.ChannelCode == code && s.RetiredAt == null).OrderByDescending(s => s.CreatedAt)
            .ToListAsync(cancellationToken);
        var known = new KnownChannel(channel, [.. secrets.Select(s => (s.Id, protector.Unprotect(s.ProtectedValue)))], ChannelEndpoints.OutboundOf(channel, protector));
        _channels[code] = new Entry(known, now);
        return known;
    }

    public void Forget(string code) => _channels.TryRemove(code, out _);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _usedWritten = new();

    /// <summary>Notes that a request signed with the secret was accepted; writes it at most once a minute per secret.</summary>
    public async Task Used(ChannelDbContext db, Guid secretId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_usedWritten.TryGetValue(secretId, out var written) && now - written < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _usedWritten[secretId] = now;
        var at = now.UtcDateTime;
        await db.Secrets.Where(s => s.Id == secretId).ExecuteUpdateAsync(set => set.SetProperty(s => s.LastUsedAt, at), cancellationToken);
    }
}
