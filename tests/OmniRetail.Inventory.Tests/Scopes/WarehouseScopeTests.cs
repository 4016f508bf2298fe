using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Inventory.Tests.Scopes;

/// <summary>A user limited to some warehouses sees and acts on their stock and transfers only; the others answer as if they did not exist.</summary>
[Collection(InventoryServiceCollection.Name)]
public sealed class WarehouseScopeTests(TestServers servers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warehouse_user_sees_and_moves_the_stock_of_their_warehouse_only()
    {
        await using var inventory = await ServiceHost<Program>.StartAsync(servers, "inventory", "inventory_scopes");
        var (mine, theirs, sku) = ($"M{_run}", $"T{_run}", $"SC-{_run}");
        foreach (var code in new[] { mine, theirs })
        {
            await inventory.Post("/api/inventory/warehouses", new { code, name = $"Warehouse {code}", country = "DE", region = "Europe" });
            await inventory.Post("/api/inventory/receipts", new { warehouse = code, sku, quantity = 10, reference = "initial" });
        }

        var away = (await inventory.Post("/api/inventory/transfers", new { from = theirs, to = $"{mine}", sku, quantity = 2 }))["id"]!.GetValue<Guid>();
        var elsewhere = (await inventory.Post("/api/inventory/transfers", new { from = mine, to = theirs, sku, quantity = 1 }))["id"]!.GetValue<Guid>();

        using var worker = inventory.ClientAs(StaffRoles.Warehouse, warehouses: [mine]);
        var listed = await worker.GetFromJsonAsync<JsonArray>("/api/inventory/warehouses", Cancel);
        listed!.Select(w => w!["code"]!.GetValue<string>()).Where(c => c.EndsWith(_run, StringComparison.Ordinal)).ShouldBe([mine]);

        var stock = (await worker.GetFromJsonAsync<JsonObject>($"/api/inventory/skus/{sku}", Cancel))!;
        stock["warehouses"]!.AsArray().Select(w => w!["warehouse"]!.GetValue<string>()).ShouldBe([mine]);
        stock["onHand"]!.GetValue<int>().ShouldBe(9, "the totals are over the warehouses the user sees: 10 received, 1 sent away");

        using var receipt = await worker.PostAsJsonAsync("/api/inventory/receipts", new { warehouse = theirs, sku, quantity = 1, reference = "x" }, Cancel);
        receipt.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await receipt.Content.ReadAsStringAsync(Cancel)).ShouldContain($"no warehouse with code '{theirs}'");
        using var send = await worker.PostAsJsonAsync("/api/inventory/transfers", new { from = theirs, to = mine, sku, quantity = 1 }, Cancel);
        send.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var receiveTheirs = await worker.PostAsJsonAsync($"/api/inventory/transfers/{elsewhere}/receive", new { }, Cancel);
        receiveTheirs.StatusCode.ShouldBe(HttpStatusCode.NotFound, "only the receiving warehouse books a transfer in");
        using var receiveMine = await worker.PostAsJsonAsync($"/api/inventory/transfers/{away}/receive", new { }, Cancel);
        receiveMine.StatusCode.ShouldBe(HttpStatusCode.OK);

        var transfers = (await worker.GetFromJsonAsync<JsonArray>("/api/inventory/transfers", Cancel))!.Select(t => t!["id"]!.GetValue<Guid>()).ToList();
        transfers.ShouldContain(away);
        transfers.ShouldContain(elsewhere, "it leaves the user's warehouse");
        (await inventory.Get($"/api/inventory/skus/{sku}"))["onHand"]!.GetValue<int>().ShouldBe(19, "the refused receipt and transfer changed nothing; one transfer is still on its way");
    }
}
