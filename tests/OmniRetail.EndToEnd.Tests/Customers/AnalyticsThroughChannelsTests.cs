using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Customers;

/// <summary>The KPIs of a small day posted through a real channel: signed orders, a cancellation, a refund, shopper sessions.</summary>
public sealed class AnalyticsThroughChannelsTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_orders_one_cancelled_one_refunded_and_four_sessions_give_the_hand_computed_kpis_and_csv()
    {
        using var client = await SignIn(stack);
        var (warehouse, sku, channel) = ($"K{_run.ToUpperInvariant()}", $"KPI-{_run}", $"kpi-{_run}");
        const string secret = "secret-kpi-0123456789";
        await client.ShopWithStock(channel, secret, warehouse, (sku, 10));
        // Three orders of 2 × 10.00 from three shoppers.
        var orders = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await AcceptedOrderId(await client.PostGeneric(channel, secret, GenericOrder($"{_run}-{i}", sku, 2, 10m))));
        }

        foreach (var order in orders)
        {
            await client.OrderReaches(order, "Allocated");
        }

        // The first is cancelled; the second delivered and one unit of it refunded.
        (await client.Http.PostAsJsonAsync($"/api/orders/{orders[0]}/cancel", new { reason = "changed their mind" }, Cancel)).EnsureSuccessStatusCode();
        var shipment = (await client.Order(orders[1]))!["shipments"]![0]!["id"]!.GetValue<Guid>();
        (await client.Http.PostAsJsonAsync($"/api/orders/{orders[1]}/shipments/{shipment}/ship",
            new { carrier = "test-dhl", service = "paket", overrideReason = "test", trackingNumber = $"K{_run}" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await client.OrderReaches(orders[1], "Shipped");
        (await client.Http.PostAsJsonAsync($"/api/orders/{orders[1]}/shipments/{shipment}/deliver", new { }, Cancel)).EnsureSuccessStatusCode();
        await client.OrderReaches(orders[1], "Delivered");
        await Eventually.Holds(async () => await client.Staff.Get($"/api/customers?email={_run}-1@example.com") is not null, Patience,
            () => Task.FromResult("the Customer service never learnt the order"));
        var returned = await client.Staff.Post("/api/returns", new { orderId = orders[1], resolution = "refund", lines = new[] { new { sku, quantity = 1, reason = "too big" } } }, Cancel);
        await Eventually.Holds(async () =>
            {
                using var receipt = await client.Http.PostAsJsonAsync($"/api/returns/{returned["id"]}/receipts",
                    new { warehouse, lines = new[] { new { sku, quantity = 1, condition = "resellable" } } }, Cancel);
                return receipt.IsSuccessStatusCode;
            }, Patience, () => Task.FromResult("the return could not be received (the Customer service did not know the warehouse)"));

        // Four shoppers' sessions, reported by the channel, signed like its orders.
        var body = JsonSerializer.Serialize(new { events = Enumerable.Range(0, 4).Select(i => new { type = "session", sessionId = $"{_run}-s{i}", at = DateTimeOffset.UtcNow }) });
        using var activity = OmniRetail.Demo.Gateway.SignedRequests.Activity(channel, secret, body);
        (await client.Http.SendAsync(activity, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // 3 orders, 1 cancelled; 4 units kept; 40.00 − 10.00 refunded = 30.00; 30.00 ÷ 2 = 15.00; 3 ÷ 4 sessions; 1 of the 2 delivered units returned.
        var today = DateTime.UtcNow.Date;
        var query = $"/api/analytics/kpis?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&channel={channel}";
        JsonNode? total = null;
        await Eventually.Holds(async () => (total = (await client.Http.GetFromJsonAsync<JsonObject>(query, Cancel))!["total"]) is { } t
                && t["netRevenue"]!.GetValue<decimal>() == 30m && t["sessions"]!.GetValue<int>() == 4 && t["cancelledOrders"]!.GetValue<int>() == 1 && t["returnRate"] is not null,
            Patience, () => Task.FromResult($"the KPIs are {total?.ToJsonString()}"));
        (total!["orders"]!.GetValue<int>(), total["units"]!.GetValue<int>(), total["averageOrderValue"]!.GetValue<decimal>()).ShouldBe((3, 4, 15m));
        (total["conversionRate"]!.GetValue<decimal>(), total["cancellationRate"]!.GetValue<decimal>(), total["returnRate"]!.GetValue<decimal>()).ShouldBe((0.75m, 0.3333m, 0.5m));
        (total["newCustomers"]!.GetValue<int>(), total["returningCustomers"]!.GetValue<int>()).ShouldBe((3, 0));

        var byChannel = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/analytics/breakdown?by=channel&from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&channel={channel}", Cancel))!;
        byChannel["rows"]!.AsArray().Single()!["netRevenue"]!.GetValue<decimal>().ShouldBe(30m);
        var csv = await client.Http.GetStringAsync(query + "&format=csv", Cancel);
        csv.Split("\r\n")[^3].ShouldStartWith($"total,{today:yyyy-MM-dd}T00:00:00Z,{today.AddDays(1):yyyy-MM-dd}T00:00:00Z,3,1,4,30,15,4,0.75,0.3333,0.5");
    }
}
