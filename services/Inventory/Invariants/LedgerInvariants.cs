using System.Data;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;

namespace OmniRetail.Inventory.Invariants;

/// <summary>One broken promise of the stock ledger: which row or order, what it should be, what it is.</summary>
public sealed record InvariantViolation(string Kind, string? Sku, string? Warehouse, Guid? OrderId, string Expected, string Actual);

public sealed record InvariantReport(DateTime CheckedAt, int StockRows, int Reservations, int Backorders, IReadOnlyList<InvariantViolation> Violations);

/// <summary>
/// The promises the ledger keeps at every commit, checked against one snapshot of the database:
/// <list type="bullet">
/// <item><c>reserved</c>: a stock row's reserved units equal the sum of its reservations;</item>
/// <item><c>on-hand</c>: a stock row's on-hand units equal the sum of its movements;</item>
/// <item><c>reservation-of-released-order</c>, <c>backorder-of-released-order</c>: a cancelled (released) order holds nothing;</item>
/// <item><c>reservation-of-unknown-order</c>, <c>backorder-of-unknown-order</c>: nothing is held for an order Inventory was never asked about;</item>
/// <item><c>servable-backorder</c>: no order waits that could be reserved now, with no order ahead of it for any of its SKUs.</item>
/// </list>
/// </summary>
public sealed class LedgerInvariants(InventoryDbContext db, TimeProvider clock)
{
    public const string Reserved = "reserved";
    public const string OnHand = "on-hand";
    public const string ServableBackorder = "servable-backorder";

    private sealed class Mismatch
    {
        public required string Sku { get; init; }

        public required string Warehouse { get; init; }

        public required int Expected { get; init; }

        public required int Actual { get; init; }
    }

    private sealed class Orphan
    {
        public required string Kind { get; init; }

        public required Guid OrderId { get; init; }

        public string? Sku { get; init; }

        public string? Warehouse { get; init; }

        public required bool Released { get; init; }
    }

    // A stock row's column against the sum of the rows that make it up: reserved from reservations, on hand from movements.
    private static string MismatchSql(string column, string parts) => $"""
        SELECT COALESCE(s."Sku", p."Sku") AS "Sku", COALESCE(s."Warehouse", p."Warehouse") AS "Warehouse",
               COALESCE(p.total, 0)::int AS "Expected", COALESCE(s."{column}", 0) AS "Actual"
        FROM stock_levels s
        FULL JOIN (SELECT "Sku", "Warehouse", SUM("Quantity") AS total FROM {parts} GROUP BY "Sku", "Warehouse") p
          ON p."Sku" = s."Sku" AND p."Warehouse" = s."Warehouse"
        WHERE COALESCE(s."{column}", 0) <> COALESCE(p.total, 0)
        """;

    private const string OrphanSql = """
        SELECT 'reservation' AS "Kind", r."OrderId", r."Sku", r."Warehouse", o."OrderId" IS NOT NULL AS "Released"
        FROM reservations r LEFT JOIN stock_orders o ON o."OrderId" = r."OrderId"
        WHERE o."OrderId" IS NULL OR o."ReleasedAt" IS NOT NULL
        UNION ALL
        SELECT 'backorder', b."OrderId", NULL, NULL, o."OrderId" IS NOT NULL
        FROM backorders b LEFT JOIN stock_orders o ON o."OrderId" = b."OrderId"
        WHERE o."OrderId" IS NULL OR o."ReleasedAt" IS NOT NULL
        """;

    public async Task<InvariantReport> Check(CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            // One snapshot: every figure below describes the same committed state.
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var violations = new List<InvariantViolation>();
            foreach (var (kind, sql) in new[] { (Reserved, MismatchSql("Reserved", "reservations")), (OnHand, MismatchSql("OnHand", "stock_movements")) })
            {
                var mismatches = await db.Database.SqlQueryRaw<Mismatch>(sql).ToListAsync(cancellationToken);
                violations.AddRange(mismatches.Select(m => new InvariantViolation(kind, m.Sku, m.Warehouse, null, m.Expected.ToString(), m.Actual.ToString())));
            }

            var orphans = await db.Database.SqlQueryRaw<Orphan>(OrphanSql).ToListAsync(cancellationToken);
            violations.AddRange(orphans.Select(o => new InvariantViolation(
                $"{o.Kind}-of-{(o.Released ? "released" : "unknown")}-order", o.Sku, o.Warehouse, o.OrderId, "none", o.Released ? "held after release" : "held")));

            var backorders = await db.Backorders.AsNoTracking().OrderBy(b => b.Sequence).ToListAsync(cancellationToken);
            violations.AddRange(await ServableBackorders(backorders, cancellationToken));

            var report = new InvariantReport(clock.GetUtcNow().UtcDateTime, await db.StockLevels.CountAsync(cancellationToken),
                await db.Reservations.CountAsync(cancellationToken), backorders.Count, violations);
            await transaction.CommitAsync(cancellationToken);
            return report;
        });
    }

    /// <summary>Orders at the head of their SKUs' queues that the allocation planner could reserve in full right now.</summary>
    private async Task<IEnumerable<InvariantViolation>> ServableBackorders(List<Backorder> backorders, CancellationToken cancellationToken)
    {
        if (backorders.Count == 0)
        {
            return [];
        }

        var skus = backorders.SelectMany(b => b.Skus).Distinct().ToArray();
        var stock = await db.StockLevels.AsNoTracking().Where(level => skus.Contains(level.Sku)).ToListAsync(cancellationToken);
        var warehouses = await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Code, cancellationToken);
        var blocked = new HashSet<string>();
        var violations = new List<InvariantViolation>();
        foreach (var backorder in backorders)
        {
            if (!blocked.Overlaps(backorder.Skus))
            {
                var request = backorder.Request;
                var lines = request.Lines.Select(line => line.Sku).ToHashSet();
                var plan = AllocationPlanner.Allocate(request, stock.Where(level => lines.Contains(level.Sku)).ToList(), warehouses);
                if (plan.IsComplete)
                {
                    violations.Add(new InvariantViolation(ServableBackorder, string.Join(",", backorder.Skus), null, backorder.OrderId,
                        "reserved", $"waiting since {backorder.QueuedAt:u} with enough stock available"));
                }
            }

            blocked.UnionWith(backorder.Skus);
        }

        return violations;
    }
}
