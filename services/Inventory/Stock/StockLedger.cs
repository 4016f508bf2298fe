using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Transfers;

namespace OmniRetail.Inventory.Stock;

/// <summary>
/// The only way stock levels change: per-SKU locks, a movement for every on-hand change, availability events.
/// </summary>
/// <remarks>
/// A SKU is locked as a whole (a transaction-scoped advisory lock on the SKU, then its rows), not row by row: a row
/// that does not exist yet cannot be locked, so a first receipt into a warehouse and a new backorder for the SKU
/// would otherwise pass each other unseen, and availability summed over warehouses could read rows another unit is
/// changing. Every unit that reads or changes a SKU's stock holds its lock until it commits.
/// </remarks>
public sealed class StockLedger(InventoryDbContext db, TransactionalOutbox outbox, TimeProvider clock)
{
    private const string LockRowsSql = """SELECT * FROM stock_levels WHERE "Sku" = ANY({0}) ORDER BY "Sku", "Warehouse" FOR UPDATE""";

    // Every warehouse's row of these SKUs, as Lock read them: their availability needs no second read.
    private readonly TransactionMemory<string, List<StockLevel>> _lockedSkus = new(db);

    /// <summary>Locks these SKUs (every warehouse's row, and rows yet to be created) until the unit of work commits.</summary>
    public async Task<List<StockLevel>> Lock(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var keys = skus.Distinct().Order(StringComparer.Ordinal).ToArray();
        var unlocked = keys.Where(sku => !_lockedSkus.Values.ContainsKey(sku)).ToArray();
        if (unlocked.Length > 0)
        {
            await AdvisoryLocks.Take(db, "stock:", unlocked, cancellationToken);
            var levels = await db.StockLevels.FromSqlRaw(LockRowsSql, [unlocked]).ToListAsync(cancellationToken);
            foreach (var sku in unlocked)
            {
                _lockedSkus.Values[sku] = levels.Where(level => level.Sku == sku).ToList();
            }
        }

        return keys.SelectMany(sku => _lockedSkus.Values[sku]).ToList();
    }

    /// <summary>Locks one warehouse's row of a SKU, creating it first if the SKU was never stocked there.</summary>
    public async Task<StockLevel> LockOrCreate(string sku, string warehouse, CancellationToken cancellationToken)
    {
        var levels = await Lock([sku], cancellationToken);
        if (levels.SingleOrDefault(level => level.Warehouse == warehouse) is { } existing)
        {
            return existing;
        }

        // Nobody else can create it meanwhile: every writer of this SKU holds its lock.
        var created = new StockLevel { Sku = sku, Warehouse = warehouse };
        db.StockLevels.Add(created);
        _lockedSkus.Values[sku].Add(created);
        return created;
    }

    public void Move(StockLevel level, int quantity, string kind, string? reason = null, string? reference = null, Guid? orderId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        level.OnHand += quantity;
        db.StockMovements.Add(new StockMovement
        {
            Sku = level.Sku, Warehouse = level.Warehouse, Quantity = quantity, Kind = kind, Reason = reason, Reference = reference,
            OrderId = orderId, At = now,
        });
        if (MovementKinds.IsArrival(kind, quantity))
        {
            outbox.Publish(new StockReceived { Sku = level.Sku, Warehouse = level.Warehouse, Quantity = quantity, ReceivedAt = now, Reference = reference }, level.Sku);
        }
    }

    /// <summary>Goods arrived (a receipt, a purchase order's delivery): on hand goes up and waiting backorders are served from it.</summary>
    public async Task Receive(string warehouse, IReadOnlyCollection<StockLine> lines, string reference, BackorderQueue backorders, CancellationToken cancellationToken,
        string kind = MovementKinds.Receipt)
    {
        var skus = lines.Select(line => line.Sku).Distinct().ToList();
        await Lock(skus, cancellationToken);
        foreach (var line in lines)
        {
            Move(await LockOrCreate(line.Sku, warehouse, cancellationToken), line.Quantity, kind, reference: reference);
        }

        await backorders.ReserveWaiting(skus, cancellationToken);
        await PublishAvailability(skus, cancellationToken);
    }

    /// <summary>
    /// Units physically left the warehouse (a shipment, a till sale). What left is the truth: if the records held fewer,
    /// the difference is booked as found stock first, so on hand never goes below zero and the location gets counted.
    /// </summary>
    public void UnitsLeft(StockLevel level, int quantity, string kind, string? reference, Guid? orderId)
    {
        if (level.OnHand < quantity)
        {
            Move(level, quantity - level.OnHand, MovementKinds.Adjustment, $"{quantity} left with {level.OnHand} on record; count the location", reference);
        }

        Move(level, -quantity, kind, reference: reference, orderId: orderId);
    }

    /// <summary>
    /// Publishes the SKUs' position as it will be once this unit of work commits, read under the SKUs' locks: what the
    /// database holds, with the unit's own pending queue places and transfers applied.
    /// </summary>
    public async Task PublishAvailability(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var keys = skus.Distinct().ToArray();
        if (keys.Length == 0)
        {
            return;
        }

        await Lock(keys, cancellationToken);
        var (backordered, inTransit) = await QueueAndTransit(keys, cancellationToken);
        var asOf = clock.GetUtcNow().UtcDateTime;
        foreach (var sku in keys)
        {
            var levels = await Lock([sku], cancellationToken);
            outbox.Publish(new StockAvailabilityChanged
            {
                Sku = sku, Available = levels.Sum(level => level.Available), AsOf = asOf,
                OnHand = levels.Sum(level => level.OnHand), Reserved = levels.Sum(level => level.Reserved),
                Backordered = backordered.GetValueOrDefault(sku), InTransit = inTransit.GetValueOrDefault(sku),
                Warehouses = levels.OrderBy(level => level.Warehouse, StringComparer.Ordinal)
                    .Select(level => new WarehousePosition { Warehouse = level.Warehouse, OnHand = level.OnHand, Reserved = level.Reserved }).ToList(),
            }, sku);
        }
    }

    // The units queued for each SKU (one row per request line) and the transfers of it in transit, in one round trip.
    private const string QueueAndTransitSql = """
        SELECT upper(line ->> 'sku') AS "Sku", b."Sequence" AS "Backorder", NULL::uuid AS "Transfer", (line ->> 'quantity')::int AS "Units"
        FROM backorders b, jsonb_array_elements(b."Request" -> 'lines') line
        WHERE b."Skus" && {0}::text[] AND upper(line ->> 'sku') = ANY({0}::text[])
        UNION ALL
        SELECT t."Sku", NULL, t."Id", t."Quantity" FROM stock_transfers t WHERE t."Sku" = ANY({0}::text[]) AND t."ReceivedAt" IS NULL
        """;

    private sealed class StoredUnits
    {
        public required string Sku { get; init; }

        public long? Backorder { get; init; }

        public Guid? Transfer { get; init; }

        public int Units { get; init; }
    }

    // What the database held for each SKU when this unit first asked: only a unit holding the SKU's lock changes its
    // queue and transfers, so after that only this unit's own pending changes differ, applied on every read. (A unit
    // that deletes queue rows with a bulk statement does so before its first read.)
    private readonly TransactionMemory<string, List<StoredUnits>> _storedUnits = new(db);

    /// <summary>Units queued and in transit per SKU as they will be once this unit commits; one query per unit of work at most.</summary>
    private async Task<(Dictionary<string, int> Backordered, Dictionary<string, int> InTransit)> QueueAndTransit(string[] skus, CancellationToken cancellationToken)
    {
        if (skus.Where(sku => !_storedUnits.Values.ContainsKey(sku)).ToArray() is { Length: > 0 } unread)
        {
            var stored = await db.Database.SqlQueryRaw<StoredUnits>(QueueAndTransitSql, [unread]).ToListAsync(cancellationToken);
            foreach (var sku in unread)
            {
                _storedUnits.Values[sku] = stored.Where(row => row.Sku == sku).ToList();
            }
        }

        // The pending changes are read from the entities' states and values as they are: detecting changes across
        // every tracked document on each of a batch's many reads would cost more than the query saved.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var backorders = db.ChangeTracker.Entries<Backorder>().ToList();
            var left = backorders.Where(e => e.State == EntityState.Deleted).Select(e => e.Entity.Sequence).ToHashSet();
            var joined = backorders.Where(e => e.State == EntityState.Added).SelectMany(e => e.Entity.Request.Lines).ToList();
            var transfers = db.ChangeTracker.Entries<StockTransfer>().Select(e => e.Entity).ToList();
            var arrived = transfers.Where(t => t.ReceivedAt is not null).Select(t => t.Id).ToHashSet();
            var sent = transfers.Where(t => t.ReceivedAt is null).ToList();
            var backordered = new Dictionary<string, int>();
            var inTransit = new Dictionary<string, int>();
            foreach (var sku in skus)
            {
                var stored = _storedUnits.Values[sku];
                backordered[sku] = stored.Where(row => row.Backorder is { } sequence && !left.Contains(sequence)).Sum(row => row.Units)
                    + joined.Where(line => line.Sku.ToUpperInvariant() == sku).Sum(line => line.Quantity);
                var storedTransfers = stored.Where(row => row.Transfer is not null).ToList();
                inTransit[sku] = storedTransfers.Where(row => !arrived.Contains(row.Transfer!.Value)).Sum(row => row.Units)
                    + sent.Where(t => t.Sku == sku && storedTransfers.All(row => row.Transfer != t.Id)).Sum(t => t.Quantity);
            }

            return (backordered, inTransit);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }
}
