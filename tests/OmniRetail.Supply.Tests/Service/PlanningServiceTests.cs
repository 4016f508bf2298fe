using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Supply.Tests.Service;

/// <summary>The planning views over real data: lists by status, a risky supplier's alternative, rebalancing between warehouses.</summary>
[Collection(SupplyServiceCollection.Name)]
public sealed class PlanningServiceTests(SupplyHost supply)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task Skus_are_listed_by_status_and_a_high_risk_suppliers_line_names_the_alternative_offer()
    {
        var (low, plenty) = ($"LOW-{_run}", $"OK-{_run}");
        var (risky, steady, warehouse) = ($"R{_run}", $"T{_run}", $"W{_run}");
        await supply.PlannedSku(low, risky, warehouse, (warehouse, 50));
        await supply.PlannedSku(plenty, risky, warehouse, (warehouse, 600));
        await supply.Api.Post("/api/supply/suppliers", new { code = steady, name = steady, currency = "EUR", leadTimeDays = 3, leadTimeStdDevDays = 1, orderCost = 30 });
        await supply.Api.Put($"/api/supply/suppliers/{steady}/offers/{low}", new { unitCost = 4.40m, preferred = false });
        // Two orders received after the date they were due: on time 0% < 75%, so the preferred supplier is high risk (and,
        // with fewer than three received, its stated lead time still stands).
        for (var i = 0; i < 2; i++)
        {
            var id = (await supply.Api.Post("/api/supply/purchase-orders", new { supplier = risky, warehouse, lines = new[] { new { sku = plenty, quantity = 10 } }, expectedAt = DateTime.UtcNow.AddDays(-1) }))["id"];
            await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });
            await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku = plenty, quantity = 10 } } });
        }

        await supply.Api.Post("/api/supply/policies/recompute", new { });

        var lowSkus = (await supply.Api.GetArray("/api/supply/skus?status=low")).Select(s => s!["sku"]!.GetValue<string>()).ToList();
        lowSkus.ShouldContain(low);
        lowSkus.ShouldNotContain(plenty);
        (await supply.Api.Get($"/api/supply/suppliers/{risky}/scorecard"))["risk"]!.GetValue<string>().ShouldBe("high");
        var line = (await supply.Api.Get("/api/supply/replenishment/proposals"))["suppliers"]!.AsArray()
            .Where(g => g!["supplier"]!.GetValue<string>() == risky).SelectMany(g => g!["lines"]!.AsArray()).Single(l => l!["sku"]!.GetValue<string>() == low)!;
        (line["alternative"]!["supplier"]!.GetValue<string>(), line["alternative"]!["unitCost"]!.GetValue<decimal>(), line["alternative"]!["risk"]!.GetValue<string>())
            .ShouldBe((steady, 4.40m, "low"));
        (await supply.Api.Refused(HttpMethod.Get, "/api/supply/skus?abc=D&status=bad", null)).Problem["errors"]!.AsObject()
            .Select(e => e.Key).ShouldBe(["abc", "status"], ignoreOrder: true);
    }

    [Fact]
    public async Task Rebalancing_proposes_moving_free_stock_to_the_warehouse_whose_share_of_shipments_it_lacks()
    {
        var sku = $"BAL-{_run}";
        var (busy, quiet) = ($"B{_run}", $"Q{_run}");
        // Quiet holds all 300 units but shipped 1 in 4; busy shipped 3 in 4 and holds none.
        await supply.PlannedSku(sku, $"S{_run}", busy, (busy, 0), (quiet, 300));
        foreach (var (warehouse, units) in new[] { (busy, 30), (quiet, 10) })
        {
            await supply.Publish(new OrderShipped
            {
                OrderId = Guid.NewGuid(), ShippedAt = DateTimeOffset.UtcNow.AddDays(-2),
                Parcels = [new ShippedParcel { Warehouse = warehouse, Lines = [new StockLine { Sku = sku, Quantity = units }] }],
            });
        }

        await Eventually.Holds(() => supply.Read(db => Task.FromResult(db.WarehouseShipments.Count(s => s.Sku == sku) == 2)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the shipments were not recorded"));
        await supply.Api.Post("/api/supply/policies/recompute", new { });

        var transfers = (await supply.Api.GetArray("/api/supply/rebalancing/proposals")).Where(t => t!["sku"]!.GetValue<string>() == sku).ToList();

        // ROP 205.80: busy's share is 154.35 (holds 0), quiet's 51.45 (holds 300, 248 above): 155 units move, all busy lacks.
        var transfer = transfers.ShouldHaveSingleItem()!;
        (transfer["from"]!.GetValue<string>(), transfer["to"]!.GetValue<string>(), transfer["quantity"]!.GetValue<int>()).ShouldBe((quiet, busy, 155));
    }
}
