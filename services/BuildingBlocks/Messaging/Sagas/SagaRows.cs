using System.Linq.Expressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace OmniRetail.BuildingBlocks.Messaging.Sagas;

/// <summary>
/// Reads saga instances with a row lock (<c>FOR UPDATE</c>), so events for one instance are applied one
/// after another: a second event waits until the first one's transaction commits, then sees its result.
/// </summary>
internal static class SagaRows<TSaga> where TSaga : class, ISaga
{
    private static string? _lockById;
    private static string? _lockByIds;

    public static async Task<TSaga?> LockById(MessagingDbContext db, Guid correlationId, CancellationToken cancellationToken)
    {
        _lockById ??= LockSql(db, "= {0}");
        var rows = await db.Set<TSaga>().FromSqlRaw(_lockById, correlationId).ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>Locks every instance matching <paramref name="filter"/>, in key order so two queries cannot deadlock.</summary>
    public static async Task<List<TSaga>> LockMatching(MessagingDbContext db, Expression<Func<TSaga, bool>> filter, CancellationToken cancellationToken)
    {
        var ids = await db.Set<TSaga>().AsNoTracking().Where(filter).Select(saga => saga.CorrelationId).ToArrayAsync(cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        _lockByIds ??= LockSql(db, "= ANY({0})");
        var locked = await db.Set<TSaga>().FromSqlRaw(_lockByIds, ids).ToListAsync(cancellationToken);
        // An instance may have changed while we waited for its lock; the filter decides on what was committed.
        var matches = filter.Compile();
        return locked.Where(matches).ToList();
    }

    private static string LockSql(MessagingDbContext db, string condition)
    {
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped in {db.GetType().Name}; map it in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindProperty(nameof(ISaga.CorrelationId))!.GetColumnName(table)!;
        var qualifiedTable = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        return $"SELECT * FROM {qualifiedTable} WHERE {Quote(key)} {condition} ORDER BY {Quote(key)} FOR UPDATE";
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"")}\"";
}
