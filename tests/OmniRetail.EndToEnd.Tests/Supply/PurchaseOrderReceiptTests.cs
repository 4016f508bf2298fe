using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.Contracts.Orders;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Supply;

/// <summary>Supply and Inventory together, through the gateway: a purchase order's goods serve the orders waiting for them.</summary>
public sealed class PurchaseOrderReceiptTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task Receiving_a_purchase_order_books_stock_in_inventory_and_serves_the_backordered_order()
    {
        using var client = await SignIn(stack);
        var (sku, warehouse, channel, supplier) = ($"SUP-{_run}", $"S{_run[..6]}", $"sup-{_run.ToLowerInvariant()}", $"SP{_run[..6]}");
        const string secret = "supply-secret-0123456789";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 12m);
        await client.Channel(channel, "generic", secret, warehouse);
        await client.OrderServiceLearns(sku);
        var orderId = await AcceptedOrderId(await client.PostGeneric(channel, secret, GenericOrder($"{_run}-1", sku, 3, 12m)));
        await client.OrderReaches(orderId, OrderStatus.Backordered);

        await client.Staff.Post("/api/supply/suppliers", new { code = supplier, name = "Acme Wholesale", currency = "EUR", leadTimeDays = 5, leadTimeStdDevDays = 1, orderCost = 40 }, TestContext.Current.CancellationToken);
        // Supply learns the product and the warehouse from Catalog's and Inventory's events.
        await Eventually.Holds(async () => (await client.Http.PutAsJsonAsync($"/api/supply/suppliers/{supplier}/offers/{sku}", new { unitCost = 5m, preferred = true },
            TestContext.Current.CancellationToken)).IsSuccessStatusCode, Patience, () => Task.FromResult($"Supply never learned {sku}"));
        Guid purchaseOrder = default;
        await Eventually.Holds(async () =>
        {
            using var created = await client.Http.PostAsJsonAsync("/api/supply/purchase-orders", new { supplier, warehouse, lines = new[] { new { sku, quantity = 5 } } },
                TestContext.Current.CancellationToken);
            purchaseOrder = created.IsSuccessStatusCode ? (await created.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!.GetValue<Guid>() : default;
            return created.IsSuccessStatusCode;
        }, Patience, () => Task.FromResult($"Supply never learned warehouse {warehouse}"));
        await client.Staff.Post($"/api/supply/purchase-orders/{purchaseOrder}/send", new { }, TestContext.Current.CancellationToken);
        await client.Staff.Post($"/api/supply/purchase-orders/{purchaseOrder}/receipts", new { lines = new[] { new { sku, quantity = 5 } } }, TestContext.Current.CancellationToken);

        await client.OrderReaches(orderId, OrderStatus.Allocated);
        await client.StockIs(sku, onHand: 5, reserved: 3);
        // Supply hears the new position from Inventory.
        await Eventually.Holds(async () =>
        {
            await client.Staff.Post("/api/supply/policies/recompute", new { }, TestContext.Current.CancellationToken);
            var position = (await client.Staff.Get($"/api/supply/skus/{sku}/policy"))!["position"]!;
            return position["onHand"]!.GetValue<int>() == 5 && position["reserved"]!.GetValue<int>() == 3 && position["onOrder"]!.GetValue<int>() == 0;
        }, Patience, () => Task.FromResult("Supply's position never showed the receipt"));
        await client.InvariantsHold();
    }
}
