using Microsoft.EntityFrameworkCore;

namespace OmniRetail.BuildingBlocks.Persistence;

public static class AdvisoryLocks
{
    // Taken in hash order, the order every unit uses, so two units locking overlapping keys cannot deadlock. A statement
    // of its own: rows read by the next statement are then seen as the previous holder of the lock committed them.
    private const string LockSql = """
        SELECT count(*) FROM (
            SELECT pg_advisory_xact_lock(key) FROM (
                SELECT DISTINCT hashtextextended({0} || k, 0) AS key FROM unnest({1}::text[]) AS k ORDER BY key) keys) locked
        """;

    /// <summary>
    /// Transaction-scoped advisory locks on <paramref name="keys"/> within <paramref name="scope"/> (e.g. "stock:"),
    /// held until the unit of work commits; a key is locked whether or not a row for it exists yet.
    /// </summary>
    public static Task Take(DbContext db, string scope, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask : db.Database.ExecuteSqlRawAsync(LockSql, [scope, keys.Distinct().ToArray()], cancellationToken);
}
