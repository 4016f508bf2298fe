using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ChannelConnector.Push;
using OmniRetail.Contracts.Inventory;

namespace OmniRetail.ChannelConnector.Outbound;

/// <summary>
/// Keeps what each warehouse can sell of each SKU, the ground every channel's available-to-sell is computed on. An
/// older position arriving after a newer one changes nothing. Every channel listing a SKU whose available-to-sell moved
/// is then due to hear the new figure.
/// </summary>
public sealed class StockAvailabilityConsumer(ChannelDbContext db, MessagingMetrics metrics, PushPlanner planner) : InboxBatchConsumer<StockAvailabilityChanged>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<StockAvailabilityChanged>> messages)
    {
        // Publishers that predate the per-warehouse position say nothing a channel could be told.
        var changes = messages.Select(m => m.Message).Where(m => m.AsOf is not null && m.Warehouses.Count > 0).ToList();
        var skus = changes.Select(m => m.Sku.ToUpperInvariant()).Distinct().ToList();
        if (skus.Count == 0)
        {
            return;
        }

        var known = await db.WarehouseAvailability
            .FromSql($"SELECT * FROM warehouse_availability WHERE \"Sku\" = ANY({skus.ToArray()}) ORDER BY \"Sku\", \"Warehouse\" FOR UPDATE")
            .ToDictionaryAsync(w => (w.Sku, w.Warehouse), messages[0].CancellationToken);
        foreach (var change in changes.OrderBy(m => m.AsOf))
        {
            var sku = change.Sku.ToUpperInvariant();
            foreach (var warehouse in change.Warehouses)
            {
                var key = (sku, warehouse.Warehouse.ToUpperInvariant());
                if (!known.TryGetValue(key, out var row))
                {
                    row = known[key] = db.WarehouseAvailability.Add(new WarehouseAvailability { Sku = key.sku, Warehouse = key.Item2, AsOf = DateTime.MinValue }).Entity;
                }

                if (change.AsOf >= row.AsOf)
                {
                    row.Available = Math.Max(0, warehouse.OnHand - warehouse.Reserved);
                    row.AsOf = change.AsOf!.Value;
                }
            }
        }

        // The planner reads the positions it plans from: they have to be in the database first.
        await db.SaveChangesAsync(messages[0].CancellationToken);
        await planner.Plan(PushScope.ForSkus(skus), force: false, messages[0].CancellationToken);
    }
}
