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

    public sealed record KnownChannel(Channel Channel, string Secret, OutboundSettings Outbound);

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

        var known = new KnownChannel(channel, protector.Unprotect(channel.ProtectedSecret), ChannelEndpoints.OutboundOf(channel, protector));
        _channels[code] = new Entry(known, now);
        return known;
    }

    public void Forget(string code) => _channels.TryRemove(code, out _);
}
