using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

public sealed class OversellTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task Two_hundred_orders_from_four_channels_for_fifty_units_reserve_exactly_fifty_then_a_receipt_serves_the_oldest_backorders()
    {
        using var client = await SignIn(stack);
        var sku = $"HOT-{_run}";
        var warehouse = $"W{_run}";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 10m);
        await client.Receive(warehouse, sku, 50);
        var channels = Enumerable.Range(1, 4).Select(i => $"web{i}-{_run.ToLowerInvariant()}").ToList();
        foreach (var channel in channels)
        {
            await client.Channel(channel, "generic", Secret(channel), warehouse);
        }

        await client.OrderServiceLearns(sku);

        using var gate = new SemaphoreSlim(32);
        var orderIds = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var channel = channels[i % channels.Count];
                using var response = await client.PostGeneric(channel, Secret(channel), GenericOrder($"{_run}-{i}", sku, 1, 10m));
                return await AcceptedOrderId(response);
            }
            finally
            {
                gate.Release();
            }
        }));
        orderIds.Distinct().Count().ShouldBe(200);

        await Eventually.Holds(async () => (await client.BackorderQueue(sku)).Count == 150, Patience,
            async () => $"stock {(await client.Stock(sku)).ToJsonString()}, queue {(await client.BackorderQueue(sku)).Count}");
        var stock = await client.Stock(sku);
        (stock["onHand"]!.GetValue<int>(), stock["reserved"]!.GetValue<int>(), stock["available"]!.GetValue<int>()).ShouldBe((50, 50, 0));
        var statuses = await Task.WhenAll(orderIds.Select(async id => (Id: id, Status: (await client.OrderReaches(id, "Allocated", "Backordered"))["status"]!.GetValue<string>())));
        statuses.Count(s => s.Status == "Allocated").ShouldBe(50);
        statuses.Count(s => s.Status == "Backordered").ShouldBe(150);

        var queue = await client.BackorderQueue(sku);
        await client.Receive(warehouse, sku, 30);

        await Eventually.Holds(async () => (await client.Stock(sku))["reserved"]!.GetValue<int>() == 80, Patience,
            async () => (await client.Stock(sku)).ToJsonString());
        foreach (var served in queue.Take(30))
        {
            await client.OrderReaches(served, "Allocated");
        }

        (await client.BackorderQueue(sku)).ShouldBe(queue.Skip(30).ToList(), "the 30 oldest backorders are served, the rest keep their places");
        stock = await client.Stock(sku);
        (stock["onHand"]!.GetValue<int>(), stock["reserved"]!.GetValue<int>(), stock["available"]!.GetValue<int>()).ShouldBe((80, 80, 0));
    }

    private static string Secret(string channel) => $"secret-{channel}-0123456789";
}
