using Microsoft.EntityFrameworkCore;
using OmniRetail.Supply.Persistence;

namespace OmniRetail.Supply.Stock;

/// <summary>
/// Whatever changes a SKU's position or alerts holds the SKU's transaction-scoped advisory lock, taken in one fixed
/// order, so two units never raise the same alert twice or deadlock each other.
/// </summary>
public static class SkuLocks
{
    private const string LockSql = """
        SELECT count(*) FROM (
            SELECT pg_advisory_xact_lock(key) FROM (
                SELECT DISTINCT hashtextextended('supply-sku:' || sku, 0) AS key FROM unnest({0}) AS sku ORDER BY key) keys) locked
        """;

    public static Task Take(SupplyDbContext db, IReadOnlyCollection<string> skus, CancellationToken cancellationToken) =>
        skus.Count == 0 ? Task.CompletedTask : db.Database.ExecuteSqlRawAsync(LockSql, [skus.Distinct().ToArray()], cancellationToken);
}
