using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Channels;

/// <summary>Orders from generic channels are priced by the catalog at their placedAt: off the quote, they wait for staff; on it, they carry its promotions.</summary>
public sealed class PriceCheckTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task A_generic_order_priced_off_its_quote_goes_on_hold_and_one_priced_on_it_records_the_promotions_applied()
    {
        using var client = await SignIn(stack);
        var (warehouse, sku, channel) = ($"Q{_run[..6]}", $"PRICE-{_run}", $"price-{_run.ToLowerInvariant()}");
        const string secret = "secret-price-0123456789abcdef";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 10m);
        await client.Receive(warehouse, sku, 20);
        await client.OrderServiceLearns(sku);
        await client.Channel(channel, "generic", secret, warehouse);
        await client.Staff.Post("/api/catalog/promotions", new
        {
            code = $"P{_run}", name = "20% off", startsAt = DateTime.UtcNow.AddHours(-1), endsAt = DateTime.UtcNow.AddHours(1), channels = new[] { channel },
            skus = new[] { sku }, discount = new { kind = "percent", value = 20 },
        }, TestContext.Current.CancellationToken);
        var quote = await client.Staff.Post("/api/catalog/quotes", new { channel, lines = new[] { new { sku, quantity = 2 } } }, TestContext.Current.CancellationToken);
        quote["total"]!.GetValue<decimal>().ShouldBe(16m);

        // 2 × 8.00: the quote's price.
        using var onQuote = await client.PostGeneric(channel, secret, GenericOrder($"{_run}-ON", sku, 2, 8m));
        var priced = await client.OrderReaches(await AcceptedOrderId(onQuote), "Allocated");
        priced["promotions"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe([$"P{_run}"]);
        priced["pricing"]!["lines"]![0]!["netAmount"]!.GetValue<decimal>().ShouldBe(16m);

        // 2 × 10.00: the list price, not what the channel should have charged.
        using var offQuote = await client.PostGeneric(channel, secret, GenericOrder($"{_run}-OFF", sku, 2, 10m));
        var held = await client.OrderReaches(await AcceptedOrderId(offQuote), "OnHold");
        held["exceptionReason"]!.GetValue<string>().ShouldStartWith("Price mismatch");
        held["exceptionReason"]!.GetValue<string>().ShouldContain($"{sku} charged 10.00 EUR a unit, the catalog's price is 8.00 (P{_run})");
    }
}
