using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Supply.Tests.Service;

[Collection(SupplyServiceCollection.Name)]
public sealed class PurchaseOrderTests(SupplyHost supply)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private async Task<(string Supplier, string Warehouse, string Sku)> Setup()
    {
        var (supplier, warehouse, sku) = ($"S{_run}", $"W{_run}", $"PO-{_run}");
        await supply.Knows(warehouse, sku);
        await supply.Api.Post("/api/supply/suppliers", new { code = supplier, name = "Acme", currency = "EUR", leadTimeDays = 7, leadTimeStdDevDays = 2, orderCost = 50 });
        await supply.Api.Put($"/api/supply/suppliers/{supplier}/offers/{sku}", new
        {
            unitCost = 4.00m, minOrderQuantity = 10, packSize = 10, preferred = true, priceBreaks = new[] { new { minQuantity = 100, unitCost = 3.50m } },
        });
        return (supplier, warehouse, sku);
    }

    [Fact]
    public async Task A_purchase_order_goes_from_draft_to_sent_to_received_with_ordered_received_and_open_quantities_per_line()
    {
        var (supplier, warehouse, sku) = await Setup();

        var draft = await supply.Api.Post("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 120 } } });
        var id = draft["id"]!.GetValue<Guid>();
        draft["status"]!.GetValue<string>().ShouldBe("Draft");
        // No unit cost given: 120 units reach the 100-unit break, so every unit costs 3.50.
        draft["lines"]![0]!["unitCost"]!.GetValue<decimal>().ShouldBe(3.50m);
        draft["number"]!.GetValue<string>().ShouldStartWith("PO-");

        var sent = await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });
        sent["status"]!.GetValue<string>().ShouldBe("Sent");
        (sent["expectedAt"]!.GetValue<DateTime>() - sent["sentAt"]!.GetValue<DateTime>()).TotalDays.ShouldBe(7, 0.001);

        var partly = await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 50 } } });
        partly["status"]!.GetValue<string>().ShouldBe("PartiallyReceived");
        Line(partly).ShouldBe((120, 50, 70));

        var full = await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 70 } } });
        full["status"]!.GetValue<string>().ShouldBe("Received");
        full["fullyReceivedAt"].ShouldNotBeNull();
        Line(full).ShouldBe((120, 120, 0));

        var listed = await supply.Api.Get($"/api/supply/purchase-orders?status=Received&supplier={supplier}");
        listed["items"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()).ShouldBe([id]);

        // Both receipts reach Inventory as receipts with the PO's number.
        await Eventually.Holds(() => Task.FromResult(supply.Published<ReceivePurchasedStock>().Count(r => r.Reference == draft["number"]!.GetValue<string>()) == 2),
            TimeSpan.FromSeconds(30), () => Task.FromResult("the receipts were not published"));
        supply.Published<ReceivePurchasedStock>().Where(r => r.Reference == draft["number"]!.GetValue<string>())
            .Select(r => (r.Warehouse, r.Lines.Single().Sku, r.Lines.Single().Quantity)).ShouldBe([(warehouse, sku, 50), (warehouse, sku, 70)], ignoreOrder: true);
    }

    [Fact]
    public async Task Receiving_more_than_is_open_is_refused_naming_the_line_and_changes_nothing_unless_the_line_allows_it()
    {
        var (supplier, warehouse, sku) = await Setup();
        var id = (await supply.Api.Post("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 20, unitCost = 4m } } }))["id"]!.GetValue<Guid>();
        await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });

        var (status, problem) = await supply.Api.Refused(HttpMethod.Post, $"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 25 } } });

        status.ShouldBe(409);
        problem["errors"]!["lines[0].quantity"]![0]!.GetValue<string>().ShouldContain("20 still open");
        Line(await supply.Api.Get($"/api/supply/purchase-orders/{id}")).ShouldBe((20, 0, 20));

        var over = await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 25, allowOverReceipt = true } } });
        over["status"]!.GetValue<string>().ShouldBe("Received");
        Line(over).ShouldBe((20, 25, 0));
    }

    [Fact]
    public async Task A_receipt_sent_again_with_its_receipt_id_is_received_once()
    {
        var (supplier, warehouse, sku) = await Setup();
        var id = (await supply.Api.Post("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 30, unitCost = 4m } } }))["id"]!.GetValue<Guid>();
        await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });
        var receiptId = Guid.NewGuid();

        await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { receiptId, lines = new[] { new { sku, quantity = 10 } } });
        var again = await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { receiptId, lines = new[] { new { sku, quantity = 10 } } });

        Line(again).ShouldBe((30, 10, 20));
        again["receipts"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Each_status_allows_only_its_actions_and_a_refusal_names_what_is_allowed()
    {
        var (supplier, warehouse, sku) = await Setup();
        var id = (await supply.Api.Post("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 30, unitCost = 4m } } }))["id"]!.GetValue<Guid>();

        var (receiveDraft, problem) = await supply.Api.Refused(HttpMethod.Post, $"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 1 } } });
        receiveDraft.ShouldBe(409);
        problem["errors"]!["status"]![0]!.GetValue<string>().ShouldContain("send, cancel");

        await supply.Api.Post($"/api/supply/purchase-orders/{id}/send", new { });
        await supply.Api.Post($"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 5 } } });
        (await supply.Api.Refused(HttpMethod.Post, $"/api/supply/purchase-orders/{id}/cancel", null)).Status.ShouldBe(409);

        var closed = await supply.Api.Post($"/api/supply/purchase-orders/{id}/close", new { });
        closed["status"]!.GetValue<string>().ShouldBe("Closed");
        closed["allowedActions"]!.AsArray().ShouldBeEmpty();
        (await supply.Api.Refused(HttpMethod.Post, $"/api/supply/purchase-orders/{id}/receipts", new { lines = new[] { new { sku, quantity = 1 } } })).Status.ShouldBe(409);
    }

    [Fact]
    public async Task Bad_purchase_orders_are_refused_naming_each_wrong_field_and_nothing_is_created()
    {
        var (supplier, warehouse, sku) = await Setup();
        var before = await supply.Read(db => db.PurchaseOrders.CountAsync());

        var (status, problem) = await supply.Api.Refused(HttpMethod.Post, "/api/supply/purchase-orders", new
        {
            supplier = "NOPE", warehouse = "NOWHERE",
            lines = new object[] { new { sku, quantity = -3 }, new { sku = "UNKNOWN-SKU", quantity = 1 } },
        });

        status.ShouldBe(400);
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["supplier", "warehouse", "lines[0].quantity", "lines[1].sku"], ignoreOrder: true);
        (await supply.Api.Refused(HttpMethod.Post, "/api/supply/suppliers", new { code = "X", name = "X", currency = "EURO", leadTimeDays = -1, leadTimeStdDevDays = 0, orderCost = -5 }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["currency", "leadTimeDays", "orderCost"], ignoreOrder: true);
        (await supply.Api.Refused(HttpMethod.Put, $"/api/supply/suppliers/{supplier}/offers/{sku}", new { unitCost = 0, packSize = 0, priceBreaks = new[] { new { minQuantity = 0, unitCost = 1 } } }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["unitCost", "packSize", "priceBreaks[0].minQuantity"], ignoreOrder: true);
        (await supply.Read(db => db.PurchaseOrders.CountAsync())).ShouldBe(before);
        _ = warehouse;
    }

    private static (int Ordered, int Received, int Open) Line(JsonObject order)
    {
        var line = order["lines"]![0]!;
        return (line["ordered"]!.GetValue<int>(), line["received"]!.GetValue<int>(), line["open"]!.GetValue<int>());
    }
}
