using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Push;

/// <summary>
/// Shipments and deliveries told back to Shopify, WooCommerce and a generic channel, checked request by request on
/// real HTTP servers standing in for them (Shopify's fulfillment-order lookup included).
/// </summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class OrderUpdateTests(TestServers servers)
{
    private const string Secret = "generic-secret-0123456789";
    private const string ShopifyOrder = "450789469";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<(ServiceHost<Program> Connector, ChannelStandIn Shopify, ChannelStandIn Woo, ChannelStandIn Generic)> Start(string hint, Action<ChannelStandIn>? generic = null)
    {
        var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", hint);
        var (shopify, woo, web) = (await ChannelStandIn.StartAsync(), await ChannelStandIn.StartAsync(), await ChannelStandIn.StartAsync());
        shopify.Reply = (request, _) => request.Method == "GET"
            ? """{"fulfillment_orders":[{"id":1046000789,"status":"open"},{"id":1046000790,"status":"closed"}]}"""
            : request.Path.Value!.EndsWith("/fulfillments.json", StringComparison.Ordinal) ? """{"fulfillment":{"id":255858046,"status":"success"}}""" : "{}";
        generic?.Invoke(web);
        await connector.Post("/api/channels", new { code = $"shop-{_run}", name = "Shopify", kind = "shopify", secret = Secret, apiBaseUrl = shopify.BaseUrl, accessToken = "shpat_orders" });
        await connector.Post("/api/channels", new { code = $"woo-{_run}", name = "Woo", kind = "woocommerce", secret = Secret, apiBaseUrl = woo.BaseUrl, consumerKey = "ck_o", consumerSecret = "cs_o" });
        await connector.Post("/api/channels", new { code = $"web-{_run}", name = "Web", kind = "generic", secret = Secret, callbackUrl = $"{web.BaseUrl}/omni/orders" });
        return (connector, shopify, woo, web);
    }

    [Fact]
    public async Task Each_channel_hears_shipped_and_delivered_in_its_own_API_in_order()
    {
        var (connector, shopify, woo, web) = await Start("order_updates");
        await using var _ = connector;
        await using var s1 = shopify;
        await using var s2 = woo;
        await using var s3 = web;
        var (shopOrder, wooOrder, webOrder, webShipment) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (order, channel, external, shipment) in new[]
                 {
                     (shopOrder, $"shop-{_run}", ShopifyOrder, Guid.NewGuid()), (wooOrder, $"woo-{_run}", "727", Guid.NewGuid()), (webOrder, $"web-{_run}", "WEB-1", webShipment),
                 })
        {
            await connector.Bus.Publish(Progress(order, channel, external, shipment, ShipmentProgress.Shipped), Cancel);
            await connector.Bus.Publish(Progress(order, channel, external, shipment, ShipmentProgress.Delivered), Cancel);
        }

        await Eventually.Holds(() => Task.FromResult(shopify.Accepted.Count >= 3 && woo.Accepted.Count >= 3 && web.Accepted.Count >= 2), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"shopify {shopify.Requests.Count}, woo {woo.Requests.Count}, generic {web.Requests.Count}"));

        // Shopify: the order's open fulfillment orders, a fulfillment with tracking for them, then the delivered event on the fulfillment it made.
        shopify.Requests.Select(r => (r.Method, r.Path)).ShouldBe([
            ("GET", $"/admin/api/2025-10/orders/{ShopifyOrder}/fulfillment_orders.json"),
            ("POST", "/admin/api/2025-10/fulfillments.json"),
            ("POST", $"/admin/api/2025-10/orders/{ShopifyOrder}/fulfillments/255858046/events.json"),
        ]);
        shopify.Requests.ShouldAllBe(r => r.Header("X-Shopify-Access-Token") == "shpat_orders");
        shopify.Requests[1].Body.ShouldBe("""{"fulfillment":{"line_items_by_fulfillment_order":[{"fulfillment_order_id":1046000789}],"tracking_info":{"company":"DHL","number":"JD014600003","url":"https://dhl.example/t/JD014600003"},"notify_customer":true}}""");
        shopify.Requests[2].Body.ShouldBe("""{"event":{"status":"delivered"}}""");

        // WooCommerce: completed, a note for the shopper with the tracking, another when delivered.
        woo.Requests.Select(r => (r.Method, r.Path, r.Body)).ShouldBe([
            ("PUT", "/wp-json/wc/v3/orders/727", """{"status":"completed"}"""),
            ("POST", "/wp-json/wc/v3/orders/727/notes", """{"note":"DHL JD014600003 https://dhl.example/t/JD014600003","customer_note":true}"""),
            ("POST", "/wp-json/wc/v3/orders/727/notes", """{"note":"Delivered: DHL JD014600003 https://dhl.example/t/JD014600003","customer_note":true}"""),
        ]);
        woo.Requests.ShouldAllBe(r => r.Header("Authorization") == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ck_o:cs_o")));

        // Generic: signed callbacks, shipped then delivered, each with the order's shipments and the shopper's tracking token.
        web.Requests.ShouldAllBe(r => r.Path == "/omni/orders" && r.Header("X-Omni-Signature") == Sign(r.Body));
        web.Requests.Select(r => r.Json["type"]!.GetValue<string>()).ShouldBe(["order.shipped", "order.delivered"]);
        var delivered = web.Requests[1].Json;
        (delivered["externalId"]!.GetValue<string>(), delivered["orderId"]!.GetValue<Guid>()).ShouldBe(("WEB-1", webOrder));
        delivered["trackingToken"]!.GetValue<string>().Length.ShouldBe(22);
        var shipment1 = delivered["shipments"]!.AsArray().Single()!;
        (shipment1["carrier"]!.GetValue<string>(), shipment1["trackingNumber"]!.GetValue<string>(), shipment1["trackingUrl"]!.GetValue<string>(), shipment1["status"]!.GetValue<string>())
            .ShouldBe(("DHL", "JD014600003", "https://dhl.example/t/JD014600003", "delivered"));

        var log = (await connector.Get($"/api/channels/shop-{_run}/sync-log?externalId={ShopifyOrder}"))["items"]!.AsArray();
        log.Select(e => (e!["kind"]!.GetValue<string>(), e["status"]!.GetValue<string>())).Reverse()
            .ShouldBe([("order.shipped", "200"), ("order.shipped", "200"), ("order.delivered", "200")]);

        // Delivered twice (a redelivered event) tells nobody twice.
        await connector.Bus.Publish(Progress(webOrder, $"web-{_run}", "WEB-1", webShipment, ShipmentProgress.Delivered), Cancel);
        await Task.Delay(2000, Cancel);
        web.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_channel_down_while_shipping_hears_both_updates_in_order_after_it_recovers_and_delays_no_other()
    {
        var recovers = DateTime.MaxValue;
        var (connector, shopify, woo, web) = await Start("order_updates_outage", web => web.Answer = (_, _) => DateTime.UtcNow < recovers ? (503, null) : (200, null));
        recovers = DateTime.UtcNow.AddSeconds(8);
        await using var _ = connector;
        await using var s1 = shopify;
        await using var s2 = woo;
        await using var s3 = web;
        var (webShipment, wooShipment) = (Guid.NewGuid(), Guid.NewGuid());
        var (webOrder, wooOrder) = (Guid.NewGuid(), Guid.NewGuid());
        await connector.Bus.Publish(Progress(webOrder, $"web-{_run}", "WEB-2", webShipment, ShipmentProgress.Shipped), Cancel);
        await connector.Bus.Publish(Progress(wooOrder, $"woo-{_run}", "728", wooShipment, ShipmentProgress.Shipped), Cancel);
        await connector.Bus.Publish(Progress(webOrder, $"web-{_run}", "WEB-2", webShipment, ShipmentProgress.Delivered), Cancel);

        await Eventually.Holds(() => Task.FromResult(woo.Accepted.Count == 2), TimeSpan.FromSeconds(6), () => Task.FromResult($"woo heard {woo.Requests.Count}"));
        DateTime.UtcNow.ShouldBeLessThan(recovers, "WooCommerce was told while the generic channel was down");

        await Eventually.Holds(() => Task.FromResult(web.Accepted.Count == 2), TimeSpan.FromSeconds(40), () => Task.FromResult($"generic heard {web.Requests.Count}"));
        web.Accepted.Select(r => r.Json["type"]!.GetValue<string>()).ShouldBe(["order.shipped", "order.delivered"]);
        web.Requests.Where(r => r.AnsweredWith == 503).ShouldAllBe(r => r.Json["type"]!.GetValue<string>() == "order.shipped", "delivered waits until shipped is through");
    }

    [Fact]
    public async Task A_generic_channel_hears_that_its_order_was_cancelled()
    {
        var (connector, shopify, woo, web) = await Start("order_updates_cancel");
        await using var _ = connector;
        await using var s1 = shopify;
        await using var s2 = woo;
        await using var s3 = web;
        var body = JsonSerializer.Serialize(new
        {
            externalId = "WEB-3", placedAt = DateTimeOffset.UtcNow, currency = "EUR", customer = new { email = "c@example.com", name = "C" },
            shippingAddress = new { name = "C", line1 = "Street 1", city = "Berlin", postalCode = "10115", country = "DE" },
            lines = new[] { new { sku = "X-1", quantity = 1, unitPrice = 5m } }, payment = new { status = "paid", amount = 5m },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/web-{_run}/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Omni-Signature", Sign(body));
        using var accepted = await connector.Http.SendAsync(request, Cancel);
        var orderId = JsonNode.Parse(await accepted.Content.ReadAsStringAsync(Cancel))!["orderId"]!.GetValue<Guid>();

        (await StatusOf(connector, "WEB-3"))["status"]!.GetValue<string>().ShouldBe("received");

        await connector.Bus.Publish(new OrderCancelled { OrderId = orderId, CancelledAt = DateTimeOffset.UtcNow, Reason = "out of stock" }, Cancel);

        await Eventually.Holds(() => Task.FromResult(web.Accepted.Count == 1), TimeSpan.FromSeconds(20), () => Task.FromResult($"generic heard {web.Requests.Count}"));
        (web.Accepted[0].Json["type"]!.GetValue<string>(), web.Accepted[0].Json["externalId"]!.GetValue<string>()).ShouldBe(("order.cancelled", "WEB-3"));

        // The channel's own status query, signed over the path and query.
        var status = await StatusOf(connector, "WEB-3");
        (status["status"]!.GetValue<string>(), status["orderId"]!.GetValue<Guid>(), status["trackingToken"]!.GetValue<string>())
            .ShouldBe(("cancelled", orderId, web.Accepted[0].Json["trackingToken"]!.GetValue<string>()));
        using (var unsigned = await connector.Http.GetAsync($"/api/channels/web-{_run}/orders/WEB-3/status", Cancel))
        {
            ((int)unsigned.StatusCode).ShouldBe(401);
        }

        using var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/channels/web-{_run}/orders/NOPE/status");
        missing.Headers.Add("X-Omni-Signature", Sign($"/api/channels/web-{_run}/orders/NOPE/status"));
        ((int)(await connector.Http.SendAsync(missing, Cancel)).StatusCode).ShouldBe(404);
    }

    private async Task<JsonObject> StatusOf(ServiceHost<Program> connector, string externalId)
    {
        var path = $"/api/channels/web-{_run}/orders/{externalId}/status";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Omni-Signature", Sign(path));
        using var response = await connector.Http.SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.IsSuccessStatusCode.ShouldBeTrue(text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static ShipmentProgressed Progress(Guid order, string channel, string externalId, Guid shipment, string progress) => new()
    {
        OrderId = order, ChannelCode = channel, ExternalId = externalId, ShipmentId = shipment, Progress = progress, Carrier = "dhl", CarrierName = "DHL",
        TrackingNumber = "JD014600003", TrackingUrl = "https://dhl.example/t/JD014600003", Lines = [new StockLine { Sku = "X-1", Quantity = 1 }], At = DateTimeOffset.UtcNow,
    };

    private static string Sign(string body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));
}
