using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Channels;

/// <summary>A reservation made by an order on one channel changes what every channel listing the SKU is told, through the whole stack.</summary>
public sealed class PushOnReservationTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task An_order_on_one_channel_lowers_the_stock_every_channel_is_shown()
    {
        using var client = await SignIn(stack);
        await using var webshop = await ChannelStandIn.StartAsync();
        await using var shopify = await ChannelStandIn.StartAsync();
        var (warehouse, sku) = ($"P{_run[..6]}", $"PUSH-{_run}");
        var (generic, shop) = ($"push-{_run.ToLowerInvariant()}", $"shop-{_run.ToLowerInvariant()}");
        const string secret = "secret-push-0123456789abcdef";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 5m);
        await client.Receive(warehouse, sku, 10);
        await client.OrderServiceLearns(sku);
        await client.Staff.Post("/api/channels", new
        {
            code = generic, name = "Web shop", kind = "generic", secret, warehousePriorities = new[] { warehouse }, callbackUrl = $"{webshop.BaseUrl}/stock",
        }, TestContext.Current.CancellationToken);
        await client.Staff.Post("/api/channels", new
        {
            code = shop, name = "Shopify", kind = "shopify", secret, warehousePriorities = new[] { warehouse }, apiBaseUrl = shopify.BaseUrl, accessToken = "shpat_e2e",
        }, TestContext.Current.CancellationToken);
        await client.Staff.Put($"/api/channels/{generic}/listings/{sku}", new { listed = true }, TestContext.Current.CancellationToken);
        await client.Staff.Put($"/api/channels/{shop}/listings/{sku}", new
        {
            listed = true, externalProductId = "1", externalVariantId = "2", externalInventoryItemId = "3", externalLocationId = "4",
        }, TestContext.Current.CancellationToken);

        await BothShow(webshop, shopify, 10);
        webshop.Accepted[^1].Json["price"]!.GetValue<decimal>().ShouldBe(5m);

        using var response = await client.PostGeneric(generic, secret, GenericOrder($"{_run}-PUSH", sku, 3, 5m));
        await client.OrderReaches(await AcceptedOrderId(response), "Allocated");

        await BothShow(webshop, shopify, 7);
    }

    private static Task BothShow(ChannelStandIn webshop, ChannelStandIn shopify, int available) =>
        Eventually.Holds(() => Task.FromResult(
                webshop.Accepted.LastOrDefault()?.Json["available"]?.GetValue<int>() == available
                && shopify.Accepted.LastOrDefault(r => r.Path.EndsWith("inventory_levels/set.json", StringComparison.Ordinal))?.Json["available"]?.GetValue<int>() == available),
            Patience, () => Task.FromResult($"web shop last heard {webshop.Requests.LastOrDefault()?.Body}, Shopify {shopify.Requests.LastOrDefault()?.Body}"));
}
