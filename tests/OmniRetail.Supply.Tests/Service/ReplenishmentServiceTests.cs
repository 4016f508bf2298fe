using OmniRetail.Contracts.Supply;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Supply.Tests.Service;

[Collection(SupplyServiceCollection.Name)]
public sealed class ReplenishmentServiceTests(SupplyHost supply)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>ROP 205.80 (see <see cref="SupplyHost.PlannedSku"/>) and 50 on hand: low.</summary>
    private async Task<(string Supplier, string Warehouse, string Sku)> LowSku()
    {
        var (supplier, warehouse, sku) = ($"S{_run}", $"W{_run}", $"REP-{_run}");
        await supply.PlannedSku(sku, supplier, warehouse, (warehouse, 50));
        return (supplier, warehouse, sku);
    }

    [Fact]
    public async Task An_alert_is_raised_once_however_often_policies_are_recomputed_and_cleared_when_its_condition_ends()
    {
        var (_, _, sku) = await LowSku();

        await supply.Api.Post("/api/supply/policies/recompute", new { });
        await supply.Api.Post("/api/supply/policies/recompute", new { });
        await supply.Api.Post("/api/supply/policies/recompute", new { });

        var alerts = await supply.Api.GetArray($"/api/supply/alerts?sku={sku}");
        // Position 50 ≤ ROP 205.8; 50 available / 20 a day = 2.5 days of supply < 7 days' lead time.
        alerts.Select(a => a!["kind"]!.GetValue<string>()).ShouldBe(["low-stock", "stockout-risk"], ignoreOrder: true);
        await Eventually.Holds(() => Task.FromResult(Raised(sku).Count == 2), TimeSpan.FromSeconds(30), () => Task.FromResult($"raised: {string.Join(", ", Raised(sku))}"));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Raised(sku).ShouldBe(["low-stock", "stockout-risk"], ignoreOrder: true);

        await supply.Publish(PolicyServiceTests.Position(sku, $"W{_run}", onHand: 400, asOf: DateTime.UtcNow));

        await Eventually.Holds(() => Task.FromResult(Cleared(sku).Count == 2), TimeSpan.FromSeconds(30), () => Task.FromResult($"cleared: {string.Join(", ", Cleared(sku))}"));
        (await supply.Api.GetArray($"/api/supply/alerts?sku={sku}")).ShouldBeEmpty();
        (await supply.Api.GetArray($"/api/supply/alerts?sku={sku}&includeCleared=true")).Count.ShouldBe(2);
        Raised(sku).Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_replenishment_run_drafts_a_purchase_order_once_and_a_second_run_drafts_nothing_for_the_same_need()
    {
        var (supplier, warehouse, sku) = await LowSku();
        await supply.Api.Post("/api/supply/policies/recompute", new { });

        var proposals = await supply.Api.Get("/api/supply/replenishment/proposals");
        var group = proposals["suppliers"]!.AsArray().Single(g => g!["supplier"]!.GetValue<string>() == supplier)!;
        group["warehouse"]!.GetValue<string>().ShouldBe(warehouse);
        var line = group["lines"]!.AsArray().Single()!;
        // EOQ √(2 · 7300 · 50 / (0.25 · 4)) = 854.4, in packs of 10: 860, which lifts 50 above 205.8.
        (line["sku"]!.GetValue<string>(), line["quantity"]!.GetValue<int>()).ShouldBe((sku, 860));

        var first = await supply.Api.Post("/api/supply/replenishment/run", new { });
        var second = await supply.Api.Post("/api/supply/replenishment/run", new { });

        var drafted = first["created"]!.AsArray().Where(o => o!["supplier"]!.GetValue<string>() == supplier).ToList();
        drafted.ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("Draft");
        drafted[0]!["origin"]!.GetValue<string>().ShouldBe("replenishment");
        second["created"]!.AsArray().Where(o => o!["supplier"]!.GetValue<string>() == supplier).ShouldBeEmpty();
        (await supply.Api.Get("/api/supply/replenishment/proposals"))["coveredByDrafts"]!.AsArray()
            .Select(c => c!["sku"]!.GetValue<string>()).ShouldContain(sku);

        // Sent, the order counts as on order: the position rises above the reorder point and the low-stock alert ends.
        await supply.Api.Post($"/api/supply/purchase-orders/{drafted[0]!["id"]}/send", new { });
        var policy = await supply.Api.Get($"/api/supply/skus/{sku}/policy");
        policy["position"]!["onOrder"]!.GetValue<int>().ShouldBe(860);
        policy["status"]!.GetValue<string>().ShouldBe("ok");
        (await supply.Api.GetArray($"/api/supply/alerts?sku={sku}&kind=low-stock")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Three_fully_received_orders_replace_the_stated_lead_time_with_the_observed_one_and_feed_the_scorecard()
    {
        var (supplier, warehouse, sku) = await LowSku();
        for (var i = 0; i < 3; i++)
        {
            var id = (await supply.Api.Post("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 10 } } }))["id"];
            await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });
            await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 10 } } });
        }

        await supply.Api.Post("/api/supply/policies/recompute", new { });
        var inputs = (await supply.Api.Get($"/api/supply/skus/{sku}/policy"))["inputs"]!;
        var card = await supply.Api.Get($"/api/supply/suppliers/{supplier}/scorecard");

        inputs["leadTimeSource"]!.GetValue<string>().ShouldBe("observed");
        inputs["receivedPurchaseOrders"]!.GetValue<int>().ShouldBe(3);
        inputs["leadTimeDays"]!.GetValue<double>().ShouldBeLessThan(0.01);
        card["purchaseOrdersScored"]!.GetValue<int>().ShouldBe(3);
        card["onTimeRate"]!.GetValue<double>().ShouldBe(1);
        card["fillRate"]!.GetValue<double>().ShouldBe(1);
    }

    private List<string> Raised(string sku) => supply.Published<StockAlertRaised>().Where(a => a.Sku == sku).Select(a => a.Kind).ToList();

    private List<string> Cleared(string sku) => supply.Published<StockAlertCleared>().Where(a => a.Sku == sku).Select(a => a.Kind).ToList();
}
