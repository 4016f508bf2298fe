using System.Text.Json;
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

    /// <summary>
    /// A new order: reserved if it can be, queued otherwise. An order for a SKU that already has a queue
    /// joins the queue rather than overtaking it; the stock rows are locked before that check, so the
    /// queue cannot grow between the check and the reservation.
    /// </summary>
    public async Task ReserveOrQueue(ReserveStock request, CancellationToken cancellationToken)
    {
        var skus = request.Lines.Select(line => line.Sku).Distinct().ToArray();
        var stock = await ledger.Lock(skus, cancellationToken);
        var queued = await db.Backorders.AnyAsync(backorder => backorder.Skus.Any(sku => skus.Contains(sku)), cancellationToken);
        if (queued || !await TryReserve(request, stock, cancellationToken))
        {
            Queue(request, request.Lines);
        }
    }

    /// <summary>Reserves a queued order if stock now allows it.</summary>
    public async Task<bool> TryReserve(ReserveStock request, CancellationToken cancellationToken) =>
        await TryReserve(request, await ledger.Lock(request.Lines.Select(line => line.Sku), cancellationToken), cancellationToken);

    private async Task<bool> TryReserve(ReserveStock request, List<StockLevel> stock, CancellationToken cancellationToken)
    {
        var skus = request.Lines.Select(line => line.Sku).ToList();
        // Warehouses change rarely; one read per unit of work serves every order it reserves.
        _warehouses ??= await db.Warehouses.AsNoTracking().ToDictionaryAsync(w => w.Code, cancellationToken);
        var plan = AllocationPlanner.Allocate(request, stock, _warehouses);
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
                Reason = allocation.Reason, ReservedAt = now,
            });
        }

        outbox.Publish(new StockReserved { OrderId = request.OrderId, Allocations = plan.Allocations }, request.OrderId.ToString());
        await ledger.PublishAvailability(skus, cancellationToken);
        return true;
    }

    private void Queue(ReserveStock request, IReadOnlyList<StockLine> shortLines)
    {
        db.Backorders.Add(new Backorder
        {
            OrderId = request.OrderId,
            Skus = request.Lines.Select(line => line.Sku).Distinct().ToArray(),
            Request = JsonSerializer.Serialize(request, TransactionalOutbox.Json),
            QueuedAt = clock.GetUtcNow().UtcDateTime,
        });
        outbox.Publish(new StockBackordered { OrderId = request.OrderId, Short = shortLines }, request.OrderId.ToString());
    }
}
