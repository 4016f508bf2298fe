using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Supply.Tests.Service;

[Collection(SupplyServiceCollection.Name)]
public sealed class PolicyServiceTests(SupplyHost supply)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    /// <summary>
    /// The last 30 days: two stockout days (4 and 17 days into the window) and 28 selling days alternating 10 and 30.
    /// d = 20, sample σd = √(28·100/27) = 10.1835.
    /// </summary>
    private static string History(string sku)
    {
        var csv = new StringBuilder("sku,date,quantity,stockout\n");
        var selling = 0;
        for (var i = 0; i < 30; i++)
        {
            var date = Today.AddDays(-30 + i).ToString("yyyy-MM-dd");
            csv.Append(i is 4 or 17 ? $"{sku},{date},0,true\n" : $"{sku},{date},{(selling++ % 2 == 0 ? 10 : 30)},false\n");
        }

        return csv.ToString();
    }

    private async Task<(string Supplier, string Warehouse)> PlannedSku(string sku)
    {
        var (supplier, warehouse) = ($"S{_run}", $"W{_run}");
        await supply.Knows(warehouse, sku);
        await supply.Api.Post("/api/supply/suppliers", new { code = supplier, name = "Acme", currency = "EUR", leadTimeDays = 7, leadTimeStdDevDays = 2, orderCost = 50 });
        await supply.Api.Put($"/api/supply/suppliers/{supplier}/offers/{sku}", new
        {
            unitCost = 4m, packSize = 10, preferred = true, priceBreaks = new[] { new { minQuantity = 1000, unitCost = 3.60m } },
        });
        await supply.Api.Put($"/api/supply/skus/{sku}/settings", new { windowDays = 30 });
        return (supplier, warehouse);
    }

    private async Task<JsonObject> ImportCsv(string csv)
    {
        using var response = await supply.Api.Http.PostAsync("/api/supply/demand-history", new StringContent(csv, Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task The_policy_from_imported_history_matches_the_hand_computed_figures_and_shows_every_input()
    {
        var sku = $"POL-{_run}";
        await PlannedSku(sku);
        (await ImportCsv(History(sku)))["days"]!.GetValue<int>().ShouldBe(30);

        await supply.Api.Post("/api/supply/policies/recompute", new { });
        var policy = await supply.Api.Get($"/api/supply/skus/{sku}/policy");

        var inputs = policy["inputs"]!;
        inputs["daysCounted"]!.GetValue<int>().ShouldBe(28);
        inputs["stockoutDaysExcluded"]!.GetValue<int>().ShouldBe(2);
        inputs["dailyDemand"]!.GetValue<double>().ShouldBe(20, 1e-9);
        inputs["dailyDemandSource"]!.GetValue<string>().ShouldBe("history");
        inputs["dailyDemandStdDev"]!.GetValue<double>().ShouldBe(10.1835, 0.0001);
        (inputs["leadTimeDays"]!.GetValue<double>(), inputs["leadTimeStdDevDays"]!.GetValue<double>()).ShouldBe((7, 2));
        inputs["leadTimeSource"]!.GetValue<string>().ShouldBe("stated");
        inputs["z"]!.GetValue<double>().ShouldBe(1.6449, 0.0001);
        // SS = 1.6449 · √(7 · 103.70 + 400 · 4) = 79.33; ROP = 140 + SS. EOQ: base 854.4 costs 30,054.40 a year; from 1000 at 3.60, 27,095.00.
        var results = policy["results"]!;
        results["safetyStock"]!.GetValue<double>().ShouldBe(79.33, 0.01);
        results["reorderPoint"]!.GetValue<double>().ShouldBe(219.33, 0.01);
        results["eoq"]!.GetValue<double>().ShouldBe(1000);
        results["eoqUnitCost"]!.GetValue<double>().ShouldBe(3.6, 1e-9);
        results["annualCost"]!.GetValue<double>().ShouldBe(27095, 0.01);
        results["orderQuantity"]!.GetValue<int>().ShouldBe(1000);
        policy["forecast"]!["note"]!.GetValue<string>().ShouldContain("56");
    }

    [Fact]
    public async Task Importing_a_day_again_replaces_it_and_a_bad_row_imports_nothing_and_names_the_row()
    {
        var sku = $"IMP-{_run}";
        await supply.Knows($"W{_run}", sku);
        var day = Today.AddDays(-3).ToString("yyyy-MM-dd");
        await ImportCsv($"sku,date,quantity\n{sku},{day},5\n");

        var again = await supply.Api.Post("/api/supply/demand-history", new { sku, days = new[] { new { date = day, quantity = 8, stockout = false } } });
        again["replaced"]!.GetValue<int>().ShouldBe(1);

        using var bad = await supply.Api.Http.PostAsync("/api/supply/demand-history",
            new StringContent($"sku,date,quantity,stockout\n{sku},{Today.AddDays(-2):yyyy-MM-dd},4,false\n{sku},{Today.AddDays(-1):yyyy-MM-dd},-2,maybe\n", Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        ((int)bad.StatusCode).ShouldBe(400);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["rows[1].quantity", "rows[1].stockout"], ignoreOrder: true);

        var stored = await supply.Read(db => db.ImportedDemand.Where(d => d.Sku == sku).Select(d => new { d.Date, d.Quantity }).ToListAsync());
        stored.ShouldHaveSingleItem().Quantity.ShouldBe(8);
    }

    [Fact]
    public async Task Demand_counts_every_channels_orders_but_not_those_cancelled_before_shipping_in_whichever_order_the_events_arrive()
    {
        var sku = $"DEM-{_run}";
        await PlannedSku(sku);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        Guid web = Guid.NewGuid(), store = Guid.NewGuid(), cancelledFirst = Guid.NewGuid(), shippedThenCancelled = Guid.NewGuid(), cancelled = Guid.NewGuid();

        await supply.Publish(Cancelled(cancelledFirst));
        await Eventually.Holds(() => supply.Read(db => db.DemandOrders.AnyAsync(o => o.OrderId == cancelledFirst && o.Cancelled)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the early cancellation was not recorded"));
        await supply.Publish(Placed(web, sku, 3, ChannelKinds.Generic, yesterday));
        await supply.Publish(Placed(store, sku, 2, ChannelKinds.Store, yesterday));
        await supply.Publish(Placed(cancelledFirst, sku, 5, ChannelKinds.Shopify, yesterday));
        await supply.Publish(Placed(shippedThenCancelled, sku, 4, ChannelKinds.WooCommerce, yesterday));
        await supply.Publish(Placed(cancelled, sku, 6, ChannelKinds.Generic, yesterday));
        await Eventually.Holds(() => supply.Read(db => db.DemandLines.CountAsync(l => l.Sku == sku).ContinueWith(t => t.Result == 5)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("not every placed order was recorded"));
        await supply.Publish(new OrderShipped
        {
            OrderId = shippedThenCancelled, ShippedAt = yesterday, Parcels = [new ShippedParcel { Warehouse = $"W{_run}", Lines = [new StockLine { Sku = sku, Quantity = 4 }] }],
        });
        await Eventually.Holds(() => supply.Read(db => db.DemandOrders.AnyAsync(o => o.OrderId == shippedThenCancelled && o.Shipped)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the shipment was not recorded"));
        await supply.Publish(Cancelled(shippedThenCancelled));
        await supply.Publish(Cancelled(cancelled));
        await Eventually.Holds(() => supply.Read(db => db.DemandOrders.AnyAsync(o => o.OrderId == cancelled && o.Cancelled)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the cancellation was not recorded"));
        await Task.Delay(500, TestContext.Current.CancellationToken);

        await supply.Api.Post("/api/supply/policies/recompute", new { });
        var inputs = (await supply.Api.Get($"/api/supply/skus/{sku}/policy"))["inputs"]!;

        // Counted: 3 (web) + 2 (store) + 4 (shipped, cancelled later) = 9 units over the 30-day window.
        inputs["historicalDailyDemand"]!.GetValue<double>().ShouldBe(9 / 30.0, 1e-9);
    }

    [Fact]
    public async Task Days_without_available_stock_are_left_out_of_demand_and_a_late_older_position_changes_nothing()
    {
        var sku = $"OUT-{_run}";
        var (_, warehouse) = await PlannedSku(sku);
        var now = DateTime.UtcNow;
        await supply.Publish(Position(sku, warehouse, onHand: 0, asOf: now.AddDays(-3)));
        await Eventually.Holds(() => supply.Read(db => db.Positions.AnyAsync(p => p.Sku == sku && p.OutOfStockSince != null)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the stockout was not recorded"));
        await supply.Publish(Position(sku, warehouse, onHand: 5, asOf: now.AddDays(-1)));
        await Eventually.Holds(() => supply.Read(db => db.Positions.AnyAsync(p => p.Sku == sku && p.OnHand == 5)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the restock was not recorded"));
        await supply.Publish(Position(sku, warehouse, onHand: 100, asOf: now.AddDays(-5)));
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        await supply.Api.Post("/api/supply/policies/recompute", new { });
        var policy = await supply.Api.Get($"/api/supply/skus/{sku}/policy");

        // Out from three days ago until yesterday: three days touched, all inside the window.
        policy["inputs"]!["stockoutDaysExcluded"]!.GetValue<int>().ShouldBe(3);
        policy["position"]!["onHand"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task The_recurring_job_recomputes_policies_on_its_schedule_without_being_asked()
    {
        var sku = $"JOB-{_run}";
        await PlannedSku(sku);
        await ImportCsv(History(sku));

        // Never recomputed by hand: the job (every 3 s in these tests) computes the new SKU's policy from the history, and again.
        JsonObject? first = null;
        await Eventually.Holds(async () => (first = await Stored(sku)) is not null && Math.Abs(first["results"]!["reorderPoint"]!.GetValue<double>() - 219.33) < 0.01,
            TimeSpan.FromSeconds(30), () => Task.FromResult($"the job never computed the policy from the history: {first?.ToJsonString()}"));
        await Eventually.Holds(async () => (await Stored(sku))!["computedAt"]!.GetValue<DateTime>() > first!["computedAt"]!.GetValue<DateTime>(), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the job did not run again"));
    }

    /// <summary>The stored policy, without the on-demand computation GET does for a SKU that has none yet.</summary>
    private Task<JsonObject?> Stored(string sku) =>
        supply.Read(async db => await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku) is { } policy
            ? JsonSerializer.SerializeToNode(policy.View, JsonSerializerOptions.Web)!.AsObject()
            : null);

    [Fact]
    public async Task Settings_outside_their_ranges_are_refused_naming_the_field()
    {
        var sku = $"SET-{_run}";
        await supply.Knows($"W{_run}", sku);

        (await supply.Api.Refused(HttpMethod.Put, "/api/supply/settings", new { serviceLevel = 0.999 })).Problem["errors"]!["serviceLevel"].ShouldNotBeNull();
        (await supply.Api.Refused(HttpMethod.Put, "/api/supply/settings", new { serviceLevel = 0.5, holdingCostRate = 0 })).Problem["errors"]!.AsObject()
            .Select(e => e.Key).ShouldBe(["serviceLevel", "holdingCostRate"], ignoreOrder: true);
        (await supply.Api.Refused(HttpMethod.Put, $"/api/supply/skus/{sku}/settings", new { reviewPeriodDays = -1 })).Problem["errors"]!["reviewPeriodDays"].ShouldNotBeNull();
        (await supply.Api.Refused(HttpMethod.Get, "/api/supply/skus/NO-SUCH-SKU/policy", null)).Status.ShouldBe(404);
        (await supply.Api.Refused(HttpMethod.Get, "/api/supply/suppliers/NO-SUCH-SUPPLIER/scorecard", null)).Status.ShouldBe(404);
        (await supply.Api.Get("/api/supply/settings"))["defaults"]!["serviceLevel"]!.GetValue<double>().ShouldBe(0.95);
    }

    [Fact]
    public async Task A_simulation_with_the_same_seed_gives_the_same_figures_and_a_higher_service_level_fills_more()
    {
        var sku = $"SIM-{_run}";
        await PlannedSku(sku);
        await ImportCsv(History(sku));
        var request = new
        {
            sku, days = 365, runs = 100, seed = 42,
            policies = new object[] { new { serviceLevel = 0.8, reviewPeriodDays = 0 }, new { serviceLevel = 0.99, reviewPeriodDays = 0 } },
        };

        var first = await supply.Api.Post("/api/supply/simulations", request);
        var again = await supply.Api.Post("/api/supply/simulations", request);

        again.ToJsonString().ShouldBe(first.ToJsonString());
        var policies = first["policies"]!.AsArray();
        policies[1]!["fillRate"]!.GetValue<double>().ShouldBeGreaterThan(policies[0]!["fillRate"]!.GetValue<double>());
        first["historyDays"]!.GetValue<int>().ShouldBe(28);
        (await supply.Api.Refused(HttpMethod.Post, "/api/supply/simulations", new { sku, days = 0, runs = 0, seed = 1, policies = new[] { new { serviceLevel = 1.2 } } }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["days", "runs", "policies[0].serviceLevel"], ignoreOrder: true);
    }

    private static OrderPlaced Placed(Guid orderId, string sku, int quantity, string channelKind, DateTimeOffset at) => new()
    {
        OrderId = orderId, ChannelCode = channelKind, ChannelKind = channelKind, ExternalId = orderId.ToString(), PlacedAt = at, Currency = "EUR",
        Lines = [new PlacedLine { Sku = sku, Quantity = quantity, UnitPrice = 10m, NetAmount = 10m * quantity }], Total = 10m * quantity, PaymentStatus = "paid",
    };

    private static OrderCancelled Cancelled(Guid orderId) => new() { OrderId = orderId, CancelledAt = DateTimeOffset.UtcNow, Reason = "test" };

    public static StockAvailabilityChanged Position(string sku, string warehouse, int onHand, DateTime asOf, int reserved = 0) => new()
    {
        Sku = sku, Available = onHand - reserved, AsOf = asOf, OnHand = onHand, Reserved = reserved,
        Warehouses = [new WarehousePosition { Warehouse = warehouse, OnHand = onHand, Reserved = reserved }],
    };
}
