using System.Text.Json.Nodes;
using Npgsql;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>
/// Physical stores sell from the same stock the online channels reserve. The till is the truth: these tests
/// sell at the till what the records say is reserved, or not there at all, and check that stock, ledger and
/// the online orders that lost their units all end up consistent.
/// </summary>
public sealed class StoreSaleTests(WholeStack stack)
{
    private const decimal UnitPrice = 8m;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task A_till_sale_leaves_the_store_stock_and_is_invoiced_and_delivered_at_once()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, storeStock: 5, depotStock: 0);

        var sale = await Place(client, scene.Store, "TILL", scene.Sku, 2);

        var order = await client.OrderReaches(sale, "Delivered");
        order["invoice"]!["total"]!.GetValue<decimal>().ShouldBe(2 * UnitPrice);
        await client.StockIs(scene.Sku, onHand: 3, reserved: 0, warehouse: scene.StoreWarehouse);
    }

    [Fact]
    public async Task A_till_sale_of_units_reserved_online_withdraws_the_newest_order_which_is_reserved_again_elsewhere()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, storeStock: 5, depotStock: 3);
        var older = await Place(client, scene.Web, "OLDER", scene.Sku, 2);
        await client.OrderReaches(older, "Allocated");
        var newer = await Place(client, scene.Web, "NEWER", scene.Sku, 2);
        var invoiceBefore = (await client.OrderReaches(newer, "Allocated"))["invoice"]!["number"]!.GetValue<string>();
        await client.StockIs(scene.Sku, onHand: 5, reserved: 4, warehouse: scene.StoreWarehouse);

        await Place(client, scene.Store, "TILL", scene.Sku, 3);

        await Eventually.Holds(async () =>
                await client.Order(newer) is { } order && order["status"]!.GetValue<string>() == "Allocated" && ShipsFrom(order) == scene.Depot,
            Patience, async () => $"the newer order never moved to {scene.Depot}: {(await client.Order(newer))!.ToJsonString()}");
        var moved = (await client.Order(newer))!;
        moved["timeline"]!.AsArray().ShouldContain(entry => entry!["cause"]!.GetValue<string>().Contains("withdrawn"));
        moved["invoice"]!["number"]!.GetValue<string>().ShouldBe(invoiceBefore, "re-allocating a paid order issues no second invoice");
        ShipsFrom((await client.Order(older))!).ShouldBe(scene.StoreWarehouse, "the older order keeps its units");
        await client.StockIs(scene.Sku, onHand: 2, reserved: 2, warehouse: scene.StoreWarehouse);
        await client.StockIs(scene.Sku, onHand: 3, reserved: 2, warehouse: scene.Depot);
    }

    [Fact]
    public async Task A_till_sale_beyond_the_recorded_stock_books_the_difference_as_found_and_the_order_that_lost_its_units_waits_for_stock()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, storeStock: 2, depotStock: 0);
        var online = await Place(client, scene.Web, "ONLINE", scene.Sku, 2);
        await client.OrderReaches(online, "Allocated");

        await Place(client, scene.Store, "TILL", scene.Sku, 3);

        await client.OrderReaches(online, "Backordered");
        await client.StockIs(scene.Sku, onHand: 0, reserved: 0, warehouse: scene.StoreWarehouse);
        var ledger = await Movements(scene);
        ledger.ShouldBe([("receipt", 2), ("adjustment", 1), ("store-sale", -3)], ignoreOrder: false);

        await client.Receive(scene.StoreWarehouse, scene.Sku, 2);

        await client.OrderReaches(online, "Allocated");
        await client.StockIs(scene.Sku, onHand: 2, reserved: 2, warehouse: scene.StoreWarehouse);
    }

    private sealed record StoreScene(string Sku, string StoreWarehouse, string Depot, (string Code, string Secret) Store, (string Code, string Secret) Web);

    /// <summary>A store and a depot stocking a new product; a store channel selling from the store; a web shop preferring the store, then the depot.</summary>
    private async Task<StoreScene> Scene(BackboneClient client, int storeStock, int depotStock)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var scene = new StoreScene($"TILL-{_run}-{suffix}", $"S{suffix}", $"D{suffix}",
            ($"till-{suffix.ToLowerInvariant()}", $"secret-till-{suffix}-0123456789"), ($"web-{suffix.ToLowerInvariant()}", $"secret-web-{suffix}-0123456789"));
        await client.Warehouse(scene.StoreWarehouse, "DE", "EU-Central");
        await client.Warehouse(scene.Depot, "DE", "EU-Central");
        await client.Product(scene.Sku, UnitPrice);
        foreach (var (warehouse, quantity) in new[] { (scene.StoreWarehouse, storeStock), (scene.Depot, depotStock) }.Where(stock => stock.Item2 > 0))
        {
            await client.Receive(warehouse, scene.Sku, quantity);
        }

        await client.Channel(scene.Store.Code, "store", scene.Store.Secret, scene.StoreWarehouse);
        await client.Channel(scene.Web.Code, "generic", scene.Web.Secret, scene.StoreWarehouse, scene.Depot);
        await client.OrderServiceLearns(scene.Sku);
        return scene;
    }

    private async Task<Guid> Place(BackboneClient client, (string Code, string Secret) channel, string name, string sku, int quantity)
    {
        using var response = await client.PostGeneric(channel.Code, channel.Secret, GenericOrder($"{_run}-{name}", sku, quantity, UnitPrice));
        return await AcceptedOrderId(response);
    }

    private static string ShipsFrom(JsonObject order) => order["shipments"]!.AsArray().Single()!["warehouse"]!.GetValue<string>();

    private async Task<List<(string Kind, int Quantity)>> Movements(StoreScene scene)
    {
        await using var connection = await stack.OpenDatabaseAsync(ResourceNames.Service("inventory").Database, TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("""SELECT "Kind", "Quantity" FROM stock_movements WHERE "Sku" = @sku AND "Warehouse" = @warehouse ORDER BY "Id" """, connection);
        command.Parameters.AddWithValue("sku", scene.Sku);
        command.Parameters.AddWithValue("warehouse", scene.StoreWarehouse);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var movements = new List<(string, int)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            movements.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return movements;
    }
}
