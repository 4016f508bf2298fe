using System.Text.Json.Nodes;
using CsCheck;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Inventory.Tests.Ledger;

/// <summary>
/// Random interleavings of everything that moves stock (orders, cancellations, receipts, till sales, dispatches) over
/// three warehouses and five SKUs. Messages are put on the broker without waiting for each other, so the service's
/// queues take them in whatever order they race; receipts go through the API meanwhile. The ledger's promises must hold
/// in every snapshot: after each step, and once everything has settled.
/// </summary>
[Collection(InventoryServiceCollection.Name)]
public sealed class LedgerInterleavingProperties(TestServers servers)
{
    private const int Skus = 5;
    private const int Warehouses = 3;
    private const int OrderIds = 8;

    private abstract record Step;

    private sealed record PlaceOrder(int Order, (int Sku, int Quantity)[] Lines, int[] Priorities) : Step;

    private sealed record CancelOrder(int Order) : Step;

    private sealed record Receive(int Warehouse, int Sku, int Quantity) : Step;

    private sealed record TillSale(int Warehouse, int Sku, int Quantity) : Step;

    private sealed record Dispatch(int Order, int Warehouse, int Sku, int Quantity) : Step;

    private static readonly Gen<Step> Steps = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, OrderIds - 1], Gen.Select(Gen.Int[0, Skus - 1], Gen.Int[1, 3]).Array[1, 2], Gen.Int[0, Warehouses - 1].Array[0, 2])
            .Select(Step (o, lines, priorities) => new PlaceOrder(o, lines, priorities.Distinct().ToArray()))),
        (2, Gen.Int[0, OrderIds - 1].Select(Step (o) => new CancelOrder(o))),
        (3, Gen.Select(Gen.Int[0, Warehouses - 1], Gen.Int[0, Skus - 1], Gen.Int[1, 4]).Select(Step (w, s, q) => new Receive(w, s, q))),
        (2, Gen.Select(Gen.Int[0, Warehouses - 1], Gen.Int[0, Skus - 1], Gen.Int[1, 3]).Select(Step (w, s, q) => new TillSale(w, s, q))),
        (2, Gen.Select(Gen.Int[0, OrderIds - 1], Gen.Int[0, Warehouses - 1], Gen.Int[0, Skus - 1], Gen.Int[1, 2]).Select(Step (o, w, s, q) => new Dispatch(o, w, s, q))));

    [Fact]
    public async Task The_ledger_keeps_its_promises_under_random_interleavings()
    {
        await using var inventory = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_properties");
        await Steps.Array[30, 50].SampleAsync(async steps => await Run(inventory, steps), iter: 12, threads: 1);
    }

    private static async Task Run(ServiceHost<Program> inventory, Step[] steps)
    {
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var warehouses = Enumerable.Range(0, Warehouses).Select(w => $"W{run}{w}").ToArray();
        var skus = Enumerable.Range(0, Skus).Select(s => $"P-{run}-{s}").ToArray();
        var orders = Enumerable.Range(0, OrderIds).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var warehouse in warehouses)
        {
            await inventory.Post("/api/inventory/warehouses", new { code = warehouse, name = warehouse, country = "DE", region = "EU" });
        }

        var requests = new int[OrderIds];
        var log = new List<string>();
        foreach (var step in steps)
        {
            log.Add(step.ToString());
            switch (step)
            {
                case PlaceOrder place:
                    await inventory.Bus.Publish(new ReserveStock
                    {
                        OrderId = orders[place.Order], Request = ++requests[place.Order],
                        Lines = place.Lines.Select(line => new StockLine { Sku = skus[line.Sku], Quantity = line.Quantity }).ToList(),
                        WarehousePriorities = place.Priorities.Select(w => warehouses[w]).ToList(), ShipToCountry = "DE",
                    });
                    break;
                case CancelOrder cancel:
                    await inventory.Bus.Publish(new ReleaseStock { OrderId = orders[cancel.Order] });
                    break;
                case Receive receive:
                    await inventory.Post("/api/inventory/receipts",
                        new { warehouse = warehouses[receive.Warehouse], sku = skus[receive.Sku], quantity = receive.Quantity, reference = $"PO-{run}" });
                    break;
                case TillSale sale:
                    await inventory.Bus.Publish(new StoreSaleRecorded
                    {
                        OrderId = Guid.NewGuid(), Warehouse = warehouses[sale.Warehouse], Lines = [new StockLine { Sku = skus[sale.Sku], Quantity = sale.Quantity }],
                    });
                    break;
                case Dispatch dispatch:
                    await inventory.Bus.Publish(new ShipmentDispatched
                    {
                        OrderId = orders[dispatch.Order], Warehouse = warehouses[dispatch.Warehouse],
                        Lines = [new StockLine { Sku = skus[dispatch.Sku], Quantity = dispatch.Quantity }],
                    });
                    break;
            }

            await NoViolations(inventory, log);
        }

        await Settled(inventory, skus);
        await NoViolations(inventory, log);
    }

    private static async Task NoViolations(ServiceHost<Program> inventory, List<string> log)
    {
        var report = await inventory.Get("/api/inventory/invariants");
        report["violations"]!.AsArray().ShouldBeEmpty($"after {string.Join(" → ", log)}: {report.ToJsonString()}");
    }

    /// <summary>Waits until the SKUs' stock and queue have stopped changing: every message of the run has been handled.</summary>
    private static async Task Settled(ServiceHost<Program> inventory, string[] skus)
    {
        string? previous = null;
        for (var stable = 0; stable < 3;)
        {
            await Task.Delay(400);
            var now = string.Join("|", await Task.WhenAll(skus.Select(async sku => (await inventory.Get($"/api/inventory/skus/{sku}")).ToJsonString())));
            stable = now == previous ? stable + 1 : 0;
            previous = now;
        }
    }
}
