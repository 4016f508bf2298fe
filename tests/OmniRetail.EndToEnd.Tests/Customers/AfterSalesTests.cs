using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Customers;

/// <summary>After the sale, across the services: the customer learnt from the order, a return back on the shelf, an exchange reserved.</summary>
public sealed class AfterSalesTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delivered_order_makes_a_customer_a_resellable_return_goes_back_to_stock_and_the_exchange_is_reserved()
    {
        using var client = await SignIn(stack);
        var (warehouse, sku, replacement, channel) = ($"A{_run.ToUpperInvariant()}", $"RET-{_run}", $"RET-{_run}-L", $"after-{_run}");
        const string secret = "secret-after-sales-0123456789";
        await client.ShopWithStock(channel, secret, warehouse, (sku, 5), (replacement, 3));
        var email = $"After.{_run}@Example.com";
        using var accepted = await client.PostGeneric(channel, secret, JsonSerializer.Serialize(new
        {
            externalId = $"{_run}-1", placedAt = DateTimeOffset.UtcNow, currency = "EUR",
            customer = new { id = $"web-{_run}", email, name = "Erika Mustermann" },
            shippingAddress = new { name = "Erika Mustermann", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117", country = "DE" },
            lines = new[] { new { sku, quantity = 2, unitPrice = 10m } },
            payment = new { status = "paid", amount = 20m },
        }));
        var order = await AcceptedOrderId(accepted);
        var shipment = (await client.OrderReaches(order, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();
        (await client.Http.PostAsJsonAsync($"/api/orders/{order}/shipments/{shipment}/ship",
            new { carrier = "test-dhl", service = "paket", overrideReason = "shipped unpacked in the test", trackingNumber = $"T{_run}" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await client.OrderReaches(order, "Shipped");
        (await client.Http.PostAsJsonAsync($"/api/orders/{order}/shipments/{shipment}/deliver", new { }, Cancel)).EnsureSuccessStatusCode();
        await client.OrderReaches(order, "Delivered");

        // The Customer service learnt the customer from the order's events, with the channel's own id for them.
        JsonObject? customer = null;
        await Eventually.Holds(async () => (customer = await client.Staff.Get($"/api/customers?email={Uri.EscapeDataString(email.ToLowerInvariant())}") as JsonObject) is { } c
                && c["orderCount"]!.GetValue<int>() == 1,
            Patience, () => Task.FromResult("the customer never appeared"));
        customer!["channels"]![0]!["channelCustomerId"]!.GetValue<string>().ShouldBe($"web-{_run}");

        // One unit comes back resellable and is exchanged for the large size.
        var authorised = await client.Staff.Post("/api/returns", new
        {
            orderId = order, resolution = "exchange", exchangeSkus = new[] { replacement }, lines = new[] { new { sku, quantity = 1, reason = "too small" } },
        }, Cancel);
        var done = await client.Staff.Post($"/api/returns/{authorised!["id"]}/receipts",
            new { warehouse, lines = new[] { new { sku, quantity = 1, condition = "resellable" } } }, Cancel);
        done!["status"]!.GetValue<string>().ShouldBe("Exchanged");

        // Back on the shelf: 5 received, 2 shipped, 1 returned.
        await client.StockIs(sku, onHand: 4, reserved: 0, warehouse);
        // The replacement is an order like any other: reserved, for the same customer and address.
        var exchange = done["exchangeOrderId"]!.GetValue<Guid>();
        var replacementOrder = await client.OrderReaches(exchange, "Allocated");
        replacementOrder["shippingAddress"]!["line1"]!.GetValue<string>().ShouldBe("Unter den Linden 1");
        replacementOrder["customer"]!["email"]!.GetValue<string>().ShouldBe(email);
        await client.StockIs(replacement, onHand: 3, reserved: 1, warehouse);
        await client.InvariantsHold();
    }
}
