using System.Text.Json.Nodes;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>Which warehouses ship an order, and the reason recorded for each, read back from the order.</summary>
public sealed class AllocationTests(WholeStack stack)
{
    private const decimal UnitPrice = 5m;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task One_warehouse_that_ships_the_whole_order_beats_the_channels_first_choice_and_an_order_is_split_only_when_none_can()
    {
        using var client = await SignIn(stack);
        var (first, second) = (Code("A"), Code("B"));
        var (shirt, socks) = (Sku("SHIRT"), Sku("SOCKS"));
        await client.Warehouse(first, "DE", "EU-Central");
        await client.Warehouse(second, "DE", "EU-Central");
        await Stock(client, (first, shirt, 5), (second, shirt, 4), (second, socks, 5));
        var channel = await Channel(client, first, second);

        var whole = await client.OrderReaches(await Place(client, channel, "WHOLE", (shirt, 1), (socks, 1)), "Allocated");

        Reservations(whole).ShouldBe([(second, shirt, 1), (second, socks, 1)], ignoreOrder: true);
        Reasons(whole).ShouldAllBe(reason => reason.Contains("ships the whole order") && reason.Contains("channel priority #2"));

        var split = await client.OrderReaches(await Place(client, channel, "SPLIT", (shirt, 5), (socks, 4)), "Allocated");

        Reservations(split).ShouldBe([(first, shirt, 5), (second, socks, 4)], ignoreOrder: true);
        Reasons(split).ShouldAllBe(reason => reason.StartsWith("split"));
        split["shipments"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Among_warehouses_the_channel_does_not_rank_the_one_in_the_customers_country_ships()
    {
        using var client = await SignIn(stack);
        var (paris, berlin) = (Code("P"), Code("B"));
        var sku = Sku("CAP");
        await client.Warehouse(paris, "FR", "EU-West");
        await client.Warehouse(berlin, "DE", "EU-Central");
        await Stock(client, (paris, sku, 3), (berlin, sku, 3));
        var channel = await Channel(client);

        var order = await client.OrderReaches(await Place(client, channel, "FR", [(sku, 1)], country: "FR"), "Allocated");

        Reservations(order).ShouldBe([(paris, sku, 1)]);
        Reasons(order).Single().ShouldContain("customer's country (FR)");
    }

    private string Code(string name) => $"{name}{_run[..5]}";

    private string Sku(string name) => $"ALLOC-{_run}-{name}";

    private static async Task Stock(BackboneClient client, params (string Warehouse, string Sku, int Quantity)[] receipts)
    {
        foreach (var sku in receipts.Select(r => r.Sku).Distinct())
        {
            await client.Product(sku, UnitPrice);
        }

        foreach (var (warehouse, sku, quantity) in receipts)
        {
            await client.Receive(warehouse, sku, quantity);
        }

        foreach (var sku in receipts.Select(r => r.Sku).Distinct())
        {
            await client.OrderServiceLearns(sku);
        }
    }

    private async Task<(string Code, string Secret)> Channel(BackboneClient client, params string[] warehousePriorities)
    {
        var channel = ($"alloc-{Guid.NewGuid().ToString("N")[..8]}", $"secret-alloc-{_run}-0123456789");
        await client.Channel(channel.Item1, "generic", channel.Item2, warehousePriorities);
        return channel;
    }

    private Task<Guid> Place(BackboneClient client, (string Code, string Secret) channel, string name, params (string Sku, int Quantity)[] lines) =>
        Place(client, channel, name, lines, "DE");

    private async Task<Guid> Place(BackboneClient client, (string Code, string Secret) channel, string name, (string Sku, int Quantity)[] lines, string country)
    {
        using var response = await client.PostGeneric(channel.Code, channel.Secret, GenericOrder($"{_run}-{name}", lines, UnitPrice, country: country));
        return await AcceptedOrderId(response);
    }

    private static List<(string Warehouse, string Sku, int Quantity)> Reservations(JsonObject order) =>
        order["reservations"]!.AsArray()
            .Select(r => (r!["warehouse"]!.GetValue<string>(), r["sku"]!.GetValue<string>(), r["quantity"]!.GetValue<int>()))
            .ToList();

    private static List<string> Reasons(JsonObject order) => order["reservations"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>()).ToList();
}
