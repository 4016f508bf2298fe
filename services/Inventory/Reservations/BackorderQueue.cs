using Microsoft.EntityFrameworkCore;
using OmniRetail.Inventory.Persistence;

namespace OmniRetail.Inventory.Reservations;

/// <summary>
/// Orders waiting for stock, served oldest first per SKU: when stock of a SKU arrives (or is released), waiting
/// orders are reserved in queue order; an order that still cannot be served blocks the orders behind it for its SKUs
/// (and only those). A new order for a SKU that has a queue joins the queue rather than overtaking it
/// (<see cref="StockReservations.ReserveOrQueue"/>).
/// </summary>
public sealed class BackorderQueue(InventoryDbContext db, StockReservations reservations)
{
    public async Task ReserveWaiting(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var blocked = new HashSet<string>();
        foreach (var backorder in await Waiting(skus, cancellationToken))
        {
            if (blocked.Overlaps(backorder.Skus) || !await reservations.TryReserve(backorder.Request, cancellationToken))
            {
                blocked.UnionWith(backorder.Skus);
                continue;
            }

            db.Backorders.Remove(backorder);
        }
    }

    /// <summary>
    /// The orders waiting for any of these SKUs, and for any SKU those orders also wait for, oldest first: whether an
    /// order may be served depends on every order ahead of it for each of its SKUs.
    /// </summary>
    private async Task<List<Backorder>> Waiting(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var wanted = skus.ToHashSet();
        while (true)
        {
            var waiting = await db.Backorders
                .FromSql($"""SELECT * FROM backorders WHERE "Skus" && {wanted.ToArray()} ORDER BY "Sequence" FOR UPDATE""")
                .ToListAsync(cancellationToken);
            var more = waiting.SelectMany(b => b.Skus).Where(sku => !wanted.Contains(sku)).ToList();
            if (more.Count == 0)
            {
                return waiting;
            }

            wanted.UnionWith(more);
        }
    }
}
