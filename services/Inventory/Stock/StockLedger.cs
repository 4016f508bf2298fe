using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;

namespace OmniRetail.Inventory.Stock;

/// <summary>The only way stock levels change: row-locked reads, a movement for every on-hand change, availability events.</summary>
public sealed class StockLedger(InventoryDbContext db, TransactionalOutbox outbox, TimeProvider clock)
{
    // Every warehouse's row of these SKUs, as Lock read them: their availability needs no second read.
    private readonly TransactionMemory<string, List<StockLevel>> _lockedSkus = new(db);

    /// <summary>Locks the stock rows of these SKUs (all warehouses) in a fixed order, so concurrent reservations cannot deadlock.</summary>
    public async Task<List<StockLevel>> Lock(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var keys = skus.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (keys.All(_lockedSkus.Values.ContainsKey))
        {
            return keys.SelectMany(sku => _lockedSkus.Values[sku]).ToList(); // already ours in this unit of work: no round trip
        }

        var levels = await db.StockLevels
            .FromSql($"""SELECT * FROM stock_levels WHERE "Sku" = ANY({keys}) ORDER BY "Sku", "Warehouse" FOR UPDATE""")
            .ToListAsync(cancellationToken);
        foreach (var sku in keys)
        {
            _lockedSkus.Values[sku] = levels.Where(level => level.Sku == sku).ToList();
        }

        return levels;
    }

    /// <summary>Locks one row, creating it first if this SKU was never stocked in this warehouse.</summary>
    public async Task<StockLevel> LockOrCreate(string sku, string warehouse, CancellationToken cancellationToken)
    {
        _lockedSkus.Values.Remove(sku); // the SKU may gain a row here
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO stock_levels ("Sku", "Warehouse", "OnHand", "Reserved") VALUES ({sku}, {warehouse}, 0, 0) ON CONFLICT DO NOTHING""",
            cancellationToken);
        return await db.StockLevels
            .FromSql($"""SELECT * FROM stock_levels WHERE "Sku" = {sku} AND "Warehouse" = {warehouse} FOR UPDATE""")
            .SingleAsync(cancellationToken);
    }

    public void Move(StockLevel level, int quantity, string kind, string? reason = null, string? reference = null, Guid? orderId = null)
    {
        level.OnHand += quantity;
        db.StockMovements.Add(new StockMovement
        {
            Sku = level.Sku, Warehouse = level.Warehouse, Quantity = quantity, Kind = kind, Reason = reason, Reference = reference,
            OrderId = orderId, At = clock.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>Publishes the SKUs' availability as it will be once this unit of work commits.</summary>
    public async Task PublishAvailability(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        foreach (var sku in skus.Distinct())
        {
            var tracked = db.ChangeTracker.Entries<StockLevel>().Where(e => e.Entity.Sku == sku).Select(e => e.Entity).ToList();
            var untracked = _lockedSkus.Values.ContainsKey(sku) ? 0 : await UntrackedAvailable(sku, tracked, cancellationToken);
            outbox.Publish(new StockAvailabilityChanged { Sku = sku, Available = untracked + tracked.Sum(level => level.Available) }, sku);
        }
    }

    private Task<int> UntrackedAvailable(string sku, List<StockLevel> tracked, CancellationToken cancellationToken)
    {
        var trackedWarehouses = tracked.Select(level => level.Warehouse).ToArray();
        return db.StockLevels.AsNoTracking()
            .Where(level => level.Sku == sku && !trackedWarehouses.Contains(level.Warehouse))
            .SumAsync(level => level.OnHand - level.Reserved, cancellationToken);
    }
}
