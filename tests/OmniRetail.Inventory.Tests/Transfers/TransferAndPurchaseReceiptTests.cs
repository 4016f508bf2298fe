using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Inventory.Tests.Transfers;

[Collection(InventoryServiceCollection.Name)]
public sealed class TransferAndPurchaseReceiptTests(TestServers servers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private readonly List<StockAvailabilityChanged> _positions = [];

    /// <summary>Listens to the positions Inventory publishes, as Supply does.</summary>
    private async Task<TestBus> Listen() =>
        await TestBus.Connect((await servers.RabbitMq()).ConnectionString, rabbit => rabbit.ReceiveEndpoint($"inventory-tests-{_run}", endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Durable = false;
            endpoint.Handler<StockAvailabilityChanged>(context =>
            {
                lock (_positions)
                {
                    _positions.Add(context.Message);
                }

                return Task.CompletedTask;
            });
        }));

    /// <summary>Waits for the latest published position of the SKU to be as expected.</summary>
    private Task PositionIs(string sku, Func<StockAvailabilityChanged, bool> expected, string what) =>
        Eventually.Holds(() =>
        {
            lock (_positions)
            {
                return Task.FromResult(_positions.Where(p => p.Sku == sku).MaxBy(p => p.AsOf) is { } latest && expected(latest));
            }
        }, TimeSpan.FromSeconds(30), () => Task.FromResult($"the published position never showed {what}"));

    [Fact]
    public async Task A_transfer_leaves_at_once_never_takes_reserved_units_is_in_transit_and_arrives_once()
    {
        await using var inventory = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_transfers");
        await using var tap = await Listen();
        var (from, to, sku) = ($"A{_run}", $"B{_run}", $"TR-{_run}");
        await Warehouses(inventory, from, to);
        await inventory.Post("/api/inventory/receipts", new { warehouse = from, sku, quantity = 10, reference = "initial" });
        await inventory.Bus.Publish(new ReserveStock { OrderId = Guid.NewGuid(), Lines = [new StockLine { Sku = sku, Quantity = 7 }], Request = 1 }, TestContext.Current.CancellationToken);
        await Eventually.Holds(async () => (await inventory.Get($"/api/inventory/skus/{sku}"))["reserved"]!.GetValue<int>() == 7, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the order was not reserved"));

        var (status, problem) = await inventory.Refused(HttpMethod.Post, "/api/inventory/transfers", new { from, to, sku, quantity = 4 });
        status.ShouldBe(409);
        problem["errors"]!["quantity"]![0]!.GetValue<string>().ShouldContain("3 units");

        var transfer = await inventory.Post("/api/inventory/transfers", new { from, to, sku, quantity = 3 });
        var stock = await inventory.Get($"/api/inventory/skus/{sku}");
        stock["onHand"]!.GetValue<int>().ShouldBe(7);
        stock["reserved"]!.GetValue<int>().ShouldBe(7);
        (await inventory.GetArray("/api/inventory/transfers?status=in-transit")).Select(t => t!["id"]!.GetValue<Guid>()).ShouldContain(transfer["id"]!.GetValue<Guid>());
        await PositionIs(sku, p => p is { OnHand: 7, Reserved: 7, InTransit: 3 }, "7 on hand, 7 reserved, 3 in transit");

        var id = transfer["id"]!.GetValue<Guid>();
        (await inventory.Post($"/api/inventory/transfers/{id}/receive", new { }))["status"]!.GetValue<string>().ShouldBe("received");
        await inventory.Post($"/api/inventory/transfers/{id}/receive", new { });

        stock = await inventory.Get($"/api/inventory/skus/{sku}");
        stock["onHand"]!.GetValue<int>().ShouldBe(10);
        await PositionIs(sku, p => p is { OnHand: 10, InTransit: 0 } && p.Warehouses.Single(w => w.Warehouse == to).OnHand == 3, "the transfer arrived");
        stock["warehouses"]!.AsArray().Single(w => w!["warehouse"]!.GetValue<string>() == to)!["onHand"]!.GetValue<int>().ShouldBe(3);
        var movements = await Movements(inventory, sku);
        movements.ShouldBe([("receipt", from, 10), ("transfer-out", from, -3), ("transfer-in", to, 3)], ignoreOrder: false);
        (await inventory.Get("/api/inventory/invariants"))["violations"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_transfers_are_refused_naming_the_field_and_move_nothing()
    {
        await using var inventory = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_bad_transfers");
        var (from, to, sku) = ($"A{_run}", $"B{_run}", $"TB-{_run}");
        await Warehouses(inventory, from, to);

        (await inventory.Refused(HttpMethod.Post, "/api/inventory/transfers", new { from, to = "NOWHERE", sku, quantity = -1 }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["to", "quantity"], ignoreOrder: true);
        (await inventory.Refused(HttpMethod.Post, "/api/inventory/transfers", new { from, to = from, sku, quantity = 1 }))
            .Problem["errors"]!["to"].ShouldNotBeNull();
        (await inventory.Refused(HttpMethod.Post, $"/api/inventory/transfers/{Guid.NewGuid()}/receive", null)).Status.ShouldBe(404);
        (await Movements(inventory, sku)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_purchase_orders_receipt_is_booked_with_its_number_and_serves_the_backorder_queue()
    {
        await using var inventory = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_purchase_receipts");
        await using var tap = await Listen();
        var (warehouse, sku) = ($"P{_run}", $"PR-{_run}");
        await Warehouses(inventory, warehouse);
        var orderId = Guid.NewGuid();
        await inventory.Bus.Publish(new ReserveStock { OrderId = orderId, Lines = [new StockLine { Sku = sku, Quantity = 4 }], Request = 1 }, TestContext.Current.CancellationToken);
        await Eventually.Holds(async () => (await inventory.Get($"/api/inventory/backorders?sku={sku}"))["items"]!.AsArray().Count == 1, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the order was not backordered"));
        await PositionIs(sku, p => p is { OnHand: 0, Backordered: 4 }, "4 units backordered");

        var receipt = new ReceivePurchasedStock { ReceiptId = Guid.NewGuid(), Reference = "PO-000042", Warehouse = warehouse, Lines = [new StockLine { Sku = sku, Quantity = 6 }] };
        // Delivered twice (a redelivery keeps the message id): booked once.
        var messageId = Guid.NewGuid();
        for (var delivery = 0; delivery < 2; delivery++)
        {
            await inventory.Bus.Publish(receipt, (PublishContext<ReceivePurchasedStock> context) => context.MessageId = messageId, TestContext.Current.CancellationToken);
        }

        await Eventually.Holds(async () => (await inventory.Get($"/api/inventory/skus/{sku}"))["reserved"]!.GetValue<int>() == 4, TimeSpan.FromSeconds(30),
            () => Task.FromResult("the backorder was not served"));
        (await inventory.Get($"/api/inventory/backorders?sku={sku}"))["items"]!.AsArray().ShouldBeEmpty();
        await PositionIs(sku, p => p is { OnHand: 6, Reserved: 4, Backordered: 0, Available: 2 }, "the backorder served");
        (await Movements(inventory, sku)).ShouldBe([("receipt", warehouse, 6)]);
        (await References(inventory, sku)).ShouldBe(["PO-000042"]);
    }

    private static async Task Warehouses(ServiceHost<Program> inventory, params string[] codes)
    {
        foreach (var code in codes)
        {
            await inventory.Post("/api/inventory/warehouses", new { code, name = code, country = "DE", region = "EU" });
        }
    }

    private static async Task<List<(string Kind, string Warehouse, int Quantity)>> Movements(ServiceHost<Program> inventory, string sku)
    {
        await using var scope = inventory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        return (await db.StockMovements.Where(m => m.Sku == sku).OrderBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken))
            .Select(m => (m.Kind, m.Warehouse, m.Quantity)).ToList();
    }

    private static async Task<List<string?>> References(ServiceHost<Program> inventory, string sku)
    {
        await using var scope = inventory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        return await db.StockMovements.Where(m => m.Sku == sku).Select(m => m.Reference).ToListAsync(TestContext.Current.CancellationToken);
    }
}
