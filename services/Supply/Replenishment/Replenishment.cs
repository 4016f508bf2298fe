using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.PurchaseOrders;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Replenishment;

/// <summary>Turns stored policies and current positions into proposals, and proposals into draft purchase orders, once.</summary>
public sealed class Replenishment(SupplyDbContext db, PolicyFactsReader reader, TimeProvider clock)
{

    public async Task<Proposals> Propose(CancellationToken cancellationToken)
    {
        var settings = await reader.Settings(cancellationToken);
        var policies = await db.Policies.AsNoTracking().Select(p => p.View).ToListAsync(cancellationToken);
        var skus = policies.Select(p => p.Sku).ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        var onOrder = await reader.OpenQuantities(PurchaseOrderStatus.IsOnOrder, cancellationToken);
        var drafted = await reader.OpenQuantities(status => status == PurchaseOrderStatus.Draft, cancellationToken);
        var offers = await db.Offers.AsNoTracking().Where(o => skus.Contains(o.Sku)).ToListAsync(cancellationToken);
        var risks = new Dictionary<string, string>();
        foreach (var code in offers.Select(o => o.SupplierCode).Distinct())
        {
            risks[code] = (await SupplierEndpoints.ScorecardOf(db, code, settings, cancellationToken)).Risk;
        }

        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-settings.Defaults.WindowDays);
        var shipped = await db.WarehouseShipments.Where(s => skus.Contains(s.Sku) && s.Date >= since)
            .GroupBy(s => new { s.Sku, s.Warehouse }).Select(g => new { g.Key.Sku, g.Key.Warehouse, Units = g.Sum(s => s.Quantity) }).ToListAsync(cancellationToken);
        var fallbackWarehouse = await db.Warehouses.OrderBy(w => w.Code).Select(w => w.Code).FirstOrDefaultAsync(cancellationToken);

        var needs = new List<SkuNeed>();
        foreach (var policy in policies)
        {
            var position = positions.GetValueOrDefault(policy.Sku);
            var skuOffers = offers.Where(o => o.Sku == policy.Sku).ToList();
            var (offer, _) = PolicyFactsReader.PreferredOffer(skuOffers);
            var warehouse = shipped.Where(s => s.Sku == policy.Sku).OrderByDescending(s => s.Units).ThenBy(s => s.Warehouse).Select(s => s.Warehouse).FirstOrDefault()
                ?? position?.Warehouses.OrderByDescending(w => w.OnHand).ThenBy(w => w.Warehouse).Select(w => w.Warehouse).FirstOrDefault()
                ?? fallbackWarehouse;
            if (offer is null || warehouse is null)
            {
                continue;
            }

            var risk = risks[offer.SupplierCode];
            var alternative = risk != "high" ? null : skuOffers.Where(o => o.SupplierCode != offer.SupplierCode && risks[o.SupplierCode] != "high")
                .OrderBy(o => o.UnitCost).ThenBy(o => o.SupplierCode, StringComparer.Ordinal)
                .Select(o => new AlternativeOffer(o.SupplierCode, o.UnitCost, risks[o.SupplierCode])).FirstOrDefault();
            var units = PolicyFormulas.Position(position?.OnHand ?? 0, onOrder.GetValueOrDefault(policy.Sku), position?.Reserved ?? 0, position?.Backordered ?? 0);
            needs.Add(new SkuNeed(policy.Sku, units, policy.Results.ReorderPoint, policy.Results.OrderQuantity, drafted.GetValueOrDefault(policy.Sku),
                offer.SupplierCode, risk, warehouse, offer.UnitCostFor(policy.Results.OrderQuantity), alternative));
        }

        return ReplenishmentPlanner.Plan(needs);
    }

    /// <summary>Drafts one purchase order per proposal group. A need drafted before is covered, so a second run drafts nothing for it.</summary>
    public Task<List<PurchaseOrder>> Run(CancellationToken cancellationToken) =>
        db.InTransaction(async () =>
        {
            // Two runs at once would both see a need uncovered and both draft it: runs take turns.
            await AdvisoryLocks.Take(db, "supply:", ["replenishment-run"], cancellationToken);
            var proposals = await Propose(cancellationToken);
            var drafts = new List<PurchaseOrder>();
            foreach (var group in proposals.Suppliers)
            {
                var supplier = await db.Suppliers.SingleAsync(s => s.Code == group.Supplier, cancellationToken);
                var lines = group.Lines.Select(l => new PurchaseOrderLine(l.Sku, l.Quantity, l.UnitCost)).ToList();
                drafts.Add(db.PurchaseOrders.Add(PurchaseOrders.PurchaseOrders.Draft(supplier, group.Warehouse, lines, null, "replenishment", clock)).Entity);
            }

            return drafts;
        }, cancellationToken);
}
