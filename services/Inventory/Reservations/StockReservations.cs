using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Warehouses;

namespace OmniRetail.Inventory.Reservations;

/// <summary>
/// Reserves an order all or nothing, inside the caller's transaction. The stock rows of every SKU of the
/// order are locked first, so under any number of concurrent orders the sum of reservations can never
/// pass what is on hand; an order that cannot be served joins the backorder queue instead.
/// </summary>
public sealed class StockReservations(InventoryDbContext db, StockLedger ledger, TransactionalOutbox outbox, TimeProvider clock)
{
    private Dictionary<string, Warehouse>? _warehouses;
    private readonly TransactionMemory<string, bool> _queued = new(db);
    private readonly TransactionMemory<Guid, bool> _released = new(db);

    /// <summary>
    /// A new order: reserved if it can be, queued otherwise. An order for a SKU that already has a queue
    /// joins the queue rather than overtaking it; the stock rows are locked before that check, so the
    /// queue cannot grow between the check and the reservation.
    /// </summary>
    public async Task ReserveOrQueue(ReserveStock request, CancellationToken cancellationToken)
    {
        var skus = request.Lines.Select(line => line.Sku).Distinct().ToArray();
        var stock = await ledger.Lock(skus, cancellationToken);
        if (await HasQueue(skus, cancellationToken) || !await TryReserve(request, stock, cancellationToken))
        {
            Queue(request, request.Lines);
            // Nothing available changed, but the units the queue waits for did: replenishment plans with them.
            await ledger.PublishAvailability(skus, cancellationToken);
        }
    }

    /// <summary>
    /// Locks and reads up front everything a batch of requests needs (warehouses, every SKU's stock rows in one
    /// statement, which SKUs have a queue), so serving each request after that costs no round trip.
    /// </summary>
    public async Task Prepare(IReadOnlyCollection<ReserveStock> requests, CancellationToken cancellationToken)
    {
        var skus = requests.SelectMany(request => request.Lines).Select(line => line.Sku).Distinct().ToArray();
        await Warehouses(cancellationToken);
        await ledger.Lock(skus, cancellationToken);
        await HasQueue(skus, cancellationToken);
    }

    /// <summary>
    /// Whether any of these SKUs has waiting orders. Only a unit holding a SKU's stock rows queues or serves orders
    /// for it, so once read (or once this unit queued one) a SKU's answer holds until this unit commits.
    /// </summary>
    private async Task<bool> HasQueue(string[] skus, CancellationToken cancellationToken)
    {
        if (skus.Where(sku => !_queued.Values.ContainsKey(sku)).ToArray() is { Length: > 0 } unread)
        {
            var queued = await db.Database
                .SqlQuery<string>($"""SELECT DISTINCT sku AS "Value" FROM backorders, unnest("Skus") AS sku WHERE "Skus" && {unread}""")
                .ToListAsync(cancellationToken);
            foreach (var sku in unread)
            {
                _queued.Values[sku] = queued.Contains(sku);
            }
        }

        return skus.Any(sku => _queued.Values[sku]);
    }

    /// <summary>Reserves a queued order if stock now allows it.</summary>
    public async Task<bool> TryReserve(ReserveStock request, CancellationToken cancellationToken) =>
        await TryReserve(request, await ledger.Lock(request.Lines.Select(line => line.Sku), cancellationToken), cancellationToken);

    /// <summary>
    /// Gives back every unit the order holds; returns the SKUs that became free. The order's SKUs are locked before its
    /// reservations are read, so a dispatch committing meanwhile cannot leave this unit subtracting units already gone.
    /// An order released once in a unit of work holds nothing more in it.
    /// </summary>
    public async Task<IReadOnlyList<string>> Release(Guid orderId, CancellationToken cancellationToken)
    {
        if (!_released.Values.TryAdd(orderId, true))
        {
            return [];
        }

        var locked = new HashSet<string>();
        List<Reservation> held;
        while (true)
        {
            held = await db.Reservations.Where(r => r.OrderId == orderId).ToListAsync(cancellationToken);
            var skus = held.Select(r => r.Sku).Where(sku => !locked.Contains(sku)).Distinct().ToList();
            if (skus.Count == 0)
            {
                break;
            }

            await ledger.Lock(skus, cancellationToken);
            locked.UnionWith(skus);
        }

        foreach (var reservation in held)
        {
            (await ledger.Lock([reservation.Sku], cancellationToken)).Single(level => level.Warehouse == reservation.Warehouse).Reserved -= reservation.Quantity;
        }

        db.Reservations.RemoveRange(held);
        return held.Select(r => r.Sku).Distinct().ToList();
    }

    /// <summary>
    /// Units reserved for orders left the warehouse some other way (a till sale, a shipment the reservation no longer
    /// covered): the newest reservations there are withdrawn, whole orders at a time, until the level holds no more than
    /// is on hand. Each order is told, and asks for stock again. Returns the SKUs that became free.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> WithdrawBeyondOnHand(StockLevel level, string reason, CancellationToken cancellationToken)
    {
        var freed = new HashSet<string>();
        if (level.Reserved <= level.OnHand)
        {
            return freed;
        }

        var newestFirst = await db.Reservations.AsNoTracking()
            .Where(r => r.Sku == level.Sku && r.Warehouse == level.Warehouse)
            .OrderByDescending(r => r.ReservedAt)
            .ToListAsync(cancellationToken);
        foreach (var reservation in newestFirst.Where(r => !_released.Values.ContainsKey(r.OrderId)).TakeWhile(_ => level.Reserved > level.OnHand))
        {
            freed.UnionWith(await Release(reservation.OrderId, cancellationToken));
            outbox.Publish(new StockReservationWithdrawn
            {
                OrderId = reservation.OrderId, Request = reservation.Request, Warehouse = level.Warehouse, Sku = level.Sku, Reason = reason,
            }, reservation.OrderId.ToString());
        }

        return freed;
    }

    private async Task<bool> TryReserve(ReserveStock request, List<StockLevel> stock, CancellationToken cancellationToken)
    {
        var skus = request.Lines.Select(line => line.Sku).ToList();
        var plan = AllocationPlanner.Allocate(request, stock, await Warehouses(cancellationToken));
        if (!plan.IsComplete)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var allocation in plan.Allocations)
        {
            stock.Single(level => level.Sku == allocation.Sku && level.Warehouse == allocation.Warehouse).Reserved += allocation.Quantity;
            db.Reservations.Add(new Reservation
            {
                OrderId = request.OrderId, Sku = allocation.Sku, Warehouse = allocation.Warehouse, Quantity = allocation.Quantity,
                Reason = allocation.Reason, ReservedAt = now, Request = request.Request,
            });
        }

        outbox.Publish(new StockReserved { OrderId = request.OrderId, Allocations = plan.Allocations, Request = request.Request }, request.OrderId.ToString());
        await ledger.PublishAvailability(skus, cancellationToken);
        return true;
    }

    // Warehouses change rarely; one read per unit of work serves every order it reserves.
    private async Task<Dictionary<string, Warehouse>> Warehouses(CancellationToken cancellationToken) =>
        _warehouses ??= await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Code, cancellationToken);

    private void Queue(ReserveStock request, IReadOnlyList<StockLine> shortLines)
    {
        foreach (var line in request.Lines)
        {
            _queued.Values[line.Sku] = true;
        }

        db.Backorders.Add(new Backorder
        {
            OrderId = request.OrderId,
            Skus = request.Lines.Select(line => line.Sku).Distinct().ToArray(),
            Request = request,
            QueuedAt = clock.GetUtcNow().UtcDateTime,
        });
        outbox.Publish(new StockBackordered { OrderId = request.OrderId, Short = shortLines, Request = request.Request }, request.OrderId.ToString());
    }
}
