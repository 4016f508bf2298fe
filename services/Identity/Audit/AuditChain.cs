using System.Security.Cryptography;
using System.Text.Json;

namespace OmniRetail.Identity.Audit;

/// <summary>
/// The hash chain of the audit log: entry n's hash is SHA-256 (hex) of the JSON array [sequence, at (ISO 8601, to the
/// microsecond), actor, roles, action, target, outcome, clientAddress, correlationId, service, previousHash], where
/// previousHash is entry n-1's hash (64 zeros for the first). Sequences run 1, 2, 3… without gaps.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string HashOf(AuditEntry entry)
    {
        object?[] fields =
        [
            entry.Sequence, entry.At.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), entry.Actor, entry.Roles,
            entry.Action, entry.Target, entry.Outcome, entry.ClientAddress, entry.CorrelationId, entry.Service, entry.PreviousHash,
        ];
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields)));
    }

    /// <summary>Links <paramref name="entry"/> after <paramref name="previous"/> (null: it is the first) and seals it.</summary>
    public static AuditEntry Link(AuditEntry entry, AuditEntry? previous)
    {
        entry.Sequence = (previous?.Sequence ?? 0) + 1;
        // PostgreSQL keeps microseconds: the hash must cover what is stored.
        entry.At = new DateTime(entry.At.Ticks - (entry.At.Ticks % 10), DateTimeKind.Utc);
        entry.PreviousHash = previous?.Hash ?? Genesis;
        entry.Hash = HashOf(entry);
        return entry;
    }

    /// <summary>Walks entries in sequence order: the first whose sequence, link or hash is not what the chain says, or null.</summary>
    public sealed class Verifier
    {
        private long _expected = 1;
        private string _previousHash = Genesis;

        public long Checked { get; private set; }

        public long? FirstBroken { get; private set; }

        public void Check(AuditEntry entry)
        {
            Checked++;
            if (FirstBroken is null && (entry.Sequence != _expected || entry.PreviousHash != _previousHash || entry.Hash != HashOf(entry)))
            {
                FirstBroken = entry.Sequence;
            }

            _expected = entry.Sequence + 1;
            _previousHash = entry.Hash;
        }
    }
}
