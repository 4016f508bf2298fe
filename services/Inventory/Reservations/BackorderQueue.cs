using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;

namespace OmniRetail.Inventory.Reservations;

/// <summary>
/// Orders waiting for stock, served strictly oldest first: when stock of a SKU arrives (or is released),
/// waiting orders are reserved in queue order until the first one that still cannot be served. A new
/// order for a SKU that has a queue joins the queue rather than overtaking it (<see cref="StockReservations.ReserveOrQueue"/>).
/// </summary>
public sealed class BackorderQueue(InventoryDbContext db, StockReservations reservations)
{
    public async Task ReserveWaiting(IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var waiting = await db.Backorders
            .FromSql($"""SELECT * FROM backorders WHERE "Skus" && {skus.ToArray()} ORDER BY "Sequence" FOR UPDATE""")
            .ToListAsync(cancellationToken);
        foreach (var backorder in waiting)
        {
            var request = JsonSerializer.Deserialize<ReserveStock>(backorder.Request, TransactionalOutbox.Json)!;
            if (!await reservations.TryReserve(request, cancellationToken))
            {
                return;
            }

            db.Backorders.Remove(backorder);
        }
    }
}
