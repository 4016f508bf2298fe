using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.PurchaseOrders;

namespace OmniRetail.Supply.Replenishment;

public static class ReplenishmentEndpoints
{
    public sealed record RunResult(IReadOnlyList<PurchaseOrderView> Created);

    public sealed record AlertView(Guid Id, string Sku, string Kind, DateTime RaisedAt, DateTime? ClearedAt, string Detail);

    public static void MapReplenishment(this WebApplication app)
    {
        var supply = app.MapGroup("/api/supply").WithTags("Replenishment");
        supply.MapGet("/replenishment/proposals", async (Replenishment replenishment, CancellationToken ct) => Results.Ok(await replenishment.Propose(ct)))
            .RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("What to order now, grouped by preferred supplier and destination warehouse")
            .WithDescription("""
                Every SKU whose position ≤ ROP, with quantity = the smallest multiple of its orderQuantity (the EOQ rounded to packs and the minimum order) that lifts position + units on draft POs above ROP.
                A need that drafts already lift above ROP is listed under `coveredByDrafts`. A line of a high-risk supplier names the cheapest offer of a supplier that is not high risk as `alternative`.
                The destination warehouse is the one that shipped most of the SKU in the window (else the one holding most of it).
                """);
        supply.MapPost("/replenishment/run", async (Replenishment replenishment, CancellationToken ct) =>
                Results.Ok(new RunResult((await replenishment.Run(ct)).Select(PurchaseOrderView.Of).ToList())))
            .RequireAuthorization(StaffPolicies.Purchasing)
            .WithSummary("Turns the proposals into draft purchase orders, once: running it again drafts nothing for a need already drafted");
        supply.MapGet("/alerts", Alerts).RequireAuthorization(StaffPolicies.Staff).ProducesValidationProblem()
            .WithSummary("Stock alerts that hold now (or, with includeCleared=true, also those that ended)")
            .WithDescription("""
                low-stock: position ≤ ROP. stockout-risk: days of supply < L. overstock: position > ROP + 2·EOQ. dead-stock: on hand > 0 and no demand for deadStockDays.
                Each is raised once when its condition starts (event StockAlertRaised) and cleared when it ends (StockAlertCleared), evaluated at every recompute and whenever the SKU's stock or open purchase orders change.
                """);
        supply.MapGet("/rebalancing/proposals", Rebalancing).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Transfers from warehouses above their share of a SKU's reorder point to those below it")
            .WithDescription("A warehouse's share of the reorder point is its share of the SKU's shipments over the window; free stock = on hand − reserved. Carry one out with POST /api/inventory/transfers.");
    }

    private static async Task<IResult> Alerts(string? kind, string? sku, bool? includeCleared, SupplyDbContext db, CancellationToken cancellationToken)
    {
        if (kind is not null && !AlertKinds.All.Contains(kind))
        {
            return InputErrors.Single("kind", $"must be one of {string.Join(", ", AlertKinds.All)}");
        }

        var code = sku?.ToUpperInvariant();
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => (kind == null || a.Kind == kind) && (code == null || a.Sku == code) && (includeCleared == true || a.ClearedAt == null))
            .OrderByDescending(a => a.RaisedAt).Take(Paging.MaxLimit).ToListAsync(cancellationToken);
        return Results.Ok(alerts.Select(a => new AlertView(a.Id, a.Sku, a.Kind, a.RaisedAt, a.ClearedAt, a.Detail)));
    }

    private static async Task<IResult> Rebalancing(SupplyDbContext db, PolicyFactsReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await reader.Settings(cancellationToken);
        var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-settings.Defaults.WindowDays);
        var policies = (await db.Policies.AsNoTracking().Select(p => p.View).ToListAsync(cancellationToken)).Select(v => new { v.Sku, v.Results.ReorderPoint }).ToList();
        var skus = policies.Select(p => p.Sku).ToList();
        var positions = await db.Positions.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        var shipped = await db.WarehouseShipments.Where(s => skus.Contains(s.Sku) && s.Date >= since)
            .GroupBy(s => new { s.Sku, s.Warehouse }).Select(g => new { g.Key.Sku, g.Key.Warehouse, Units = g.Sum(s => s.Quantity) }).ToListAsync(cancellationToken);
        var proposals = new List<TransferProposal>();
        foreach (var policy in policies.OrderBy(p => p.Sku, StringComparer.Ordinal))
        {
            var held = positions.GetValueOrDefault(policy.Sku)?.Warehouses ?? [];
            var warehouses = held.Select(w => w.Warehouse).Union(shipped.Where(s => s.Sku == policy.Sku).Select(s => s.Warehouse)).Order(StringComparer.Ordinal)
                .Select(code => new WarehouseStock(code,
                    held.Where(w => w.Warehouse == code).Sum(w => w.OnHand - w.Reserved),
                    shipped.Where(s => s.Sku == policy.Sku && s.Warehouse == code).Sum(s => s.Units)))
                .ToList();
            proposals.AddRange(RebalancingPlanner.Plan(policy.Sku, policy.ReorderPoint, warehouses));
        }

        return Results.Ok(proposals);
    }
}
