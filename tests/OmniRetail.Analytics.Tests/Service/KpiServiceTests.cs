using System.Net.Http.Headers;
using MassTransit;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;
using static OmniRetail.Analytics.Tests.Rules.KpiFixture;

namespace OmniRetail.Analytics.Tests.Service;

/// <summary>The real Analytics service on real PostgreSQL and RabbitMQ, fed the fixture's events as the other services publish them.</summary>
[Collection(AnalyticsServiceCollection.Name)]
public sealed class KpiServiceTests(TestServers servers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();

    [Fact]
    public async Task The_fixture_through_the_broker_gives_the_hand_computed_kpis_breakdowns_and_csv_and_a_redelivery_counts_once()
    {
        await using var analytics = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_kpis",
            new Dictionary<string, string> { ["Retail:BaseCurrency"] = "EUR", ["Retail:ExchangeRates:USD"] = "0.5" });
        var channel = $"web-{_run}";
        var (c1, c2) = ($"c1-{_run}", $"c2-{_run}");
        var (a, b, c, d, earlier) = (NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid(), NewId.NextGuid());
        async Task Publish<T>(T message, Guid? messageId = null) where T : class =>
            await analytics.Bus.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid(), TestContext.Current.CancellationToken);

        await Publish(new ChannelRegistered { Code = channel, Name = "Web shop", Kind = "generic", Presence = "online", Ownership = "direct" });
        await Publish(new ProductRegistered { Sku = "TEE-1", Name = "Tee", Price = 50, Currency = "EUR", Categories = ["TOPS"] });
        // A is delivered before it is placed, as far as Analytics hears it: the facts still meet.
        await Publish(new OrderDelivered { OrderId = a, DeliveredAt = At(3, 14) });
        await Publish(Placed(a, channel, At(2, 10), "EUR", c1, ("TEE-1", 2, 100m)));
        await Publish(Placed(b, channel, At(2, 12), "USD", c2, ("MUG-1", 1, 50m)));
        await Publish(Placed(c, channel, At(3, 9), "EUR", c1, ("MUG-1", 4, 40m)));
        await Publish(Placed(d, channel, At(3, 18), "EUR", null, ("TEE-1", 3, 60m)));
        await Publish(Placed(earlier, channel, At(1, 10), "EUR", c2, ("MUG-1", 1, 10m)));
        await Publish(Shipped(a, At(2, 14)));
        await Publish(Shipped(b, At(2, 20)));
        await Publish(Shipped(d, At(4, 6)));
        await Publish(new OrderDelivered { OrderId = d, DeliveredAt = At(4, 18) });
        await Publish(new OrderCancelled { OrderId = c, CancelledAt = At(3, 10), Reason = "customer asked" });
        var refund = NewId.NextGuid();
        var refundIssued = new RefundIssued { ReturnId = Guid.NewGuid(), OrderId = a, ChannelCode = channel, Amount = 30m, Currency = "EUR", Lines = [], RefundedAt = At(4, 10) };
        await Publish(refundIssued, refund);
        await Publish(refundIssued, refund); // redelivered: the inbox takes it once
        await Publish(new ReturnReceived
        {
            ReturnId = refundIssued.ReturnId, Number = "RMA-1", ReceiptId = Guid.NewGuid(), OrderId = a, Warehouse = "BER", ReceivedAt = At(4, 9),
            Lines = [new ReturnedLine { Sku = "TEE-1", Quantity = 1, Condition = ReturnCondition.Resellable }],
        });
        await Publish(new ChannelActivityReported
        {
            BatchId = Guid.NewGuid(), ChannelCode = channel,
            Events =
            [
                .. new[] { "s1", "s2", "s3", "s1" }.Select(s => Activity("session", s, At(2, 9))), Activity("session", "s4", At(3, 8)), Activity("session", "s5", At(3, 8)),
                Activity("productView", "s1", At(2, 9)), Activity("productView", "s2", At(2, 9)), Activity("productView", "s3", At(2, 9)),
                Activity("addToCart", "s1", At(2, 9)), Activity("addToCart", "s2", At(2, 9)), Activity("checkoutStarted", "s1", At(2, 9)),
            ],
        });
        foreach (var (kind, score, at) in new[] { ("csat", 5, At(2, 20)), ("csat", 3, At(2, 21)), ("nps", 10, At(3, 10)), ("nps", 6, At(3, 11)), ("nps", 8, At(3, 12)) })
        {
            await Publish(new SurveyAnswered { Kind = kind, Score = score, Channel = channel, Trigger = "delivery", IssuedAt = at.AddHours(-1), AnsweredAt = at });
        }

        var query = $"/api/analytics/kpis?from=2026-11-02&to=2026-11-04&granularity=day&channel={channel}";
        await Eventually.Holds(async () =>
            {
                var total = (await analytics.Get(query))["total"]!;
                return total["netRevenue"]!.GetValue<decimal>() == 155m && total["sessions"]!.GetValue<int>() == 5 && total["nps"] is not null
                    && total["returnRate"] is not null && total["leadTimes"]!["shippedToDeliveredP90Hours"] is not null && total["cancelledOrders"]!.GetValue<int>() == 1;
            }, TimeSpan.FromSeconds(30), async () => $"the KPIs are {(await analytics.Get(query))["total"]!.ToJsonString()}");

        var report = await analytics.Get(query);
        var figures = report["total"]!;
        (figures["orders"]!.GetValue<int>(), figures["units"]!.GetValue<int>(), figures["averageOrderValue"]!.GetValue<decimal>(), figures["conversionRate"]!.GetValue<decimal>())
            .ShouldBe((4, 6, 51.67m, 0.8m));
        (figures["cancellationRate"]!.GetValue<decimal>(), figures["returnRate"]!.GetValue<decimal>(), figures["csat"]!.GetValue<decimal>(), figures["nps"]!.GetValue<decimal>())
            .ShouldBe((0.25m, 0.2m, 0.5m, 0m));
        (figures["newCustomers"]!.GetValue<int>(), figures["returningCustomers"]!.GetValue<int>()).ShouldBe((1, 1));
        figures["leadTimes"]!.ToJsonString().ShouldBe("""{"placedToShippedP50Hours":8,"placedToShippedP90Hours":12,"shippedToDeliveredP50Hours":12,"shippedToDeliveredP90Hours":24}""");
        report["periods"]!.AsArray().Select(p => (p!["figures"]!["orders"]!.GetValue<int>(), p["figures"]!["netRevenue"]!.GetValue<decimal>())).ShouldBe([(2, 95m), (2, 60m)]);
        // The previous two days hold c2's first order.
        var previous = report["previous"]!["figures"]!;
        (previous["orders"]!.GetValue<int>(), previous["netRevenue"]!.GetValue<decimal>(), previous["newCustomers"]!.GetValue<int>()).ShouldBe((1, 10m, 1));

        var bySku = (await analytics.Get($"/api/analytics/breakdown?by=sku&from=2026-11-02&to=2026-11-04&channel={channel}"))["rows"]!.AsArray();
        bySku.Select(r => (r!["key"]!.GetValue<string>(), r["orders"]!.GetValue<int>(), r["units"]!.GetValue<int>(), r["netRevenue"]!.GetValue<decimal>()))
            .ShouldBe([("MUG-1", 2, 1, 25m), ("TEE-1", 2, 5, 160m)]);
        var byCategory = (await analytics.Get($"/api/analytics/breakdown?by=category&from=2026-11-02&to=2026-11-04&channel={channel}"))["rows"]!.AsArray();
        byCategory.Select(r => r!["key"]!.GetValue<string>()).ShouldBe(["(none)", "TOPS"]);
        var byType = (await analytics.Get($"/api/analytics/breakdown?by=channelType&from=2026-11-02&to=2026-11-04&channel={channel}"))["rows"]!.AsArray();
        byType.Single()!["key"]!.GetValue<string>().ShouldBe("online/direct");
        // Inventory's positions: the newer one stands even though it arrived first.
        await Publish(new StockAvailabilityChanged { Sku = "TEE-1", AsOf = At(4, 12), OnHand = 7, Available = 5 });
        await Publish(new StockAvailabilityChanged { Sku = "TEE-1", AsOf = At(4, 11), OnHand = 70, Available = 50 });
        var top = $"/api/analytics/top-products?from=2026-11-02&to=2026-11-04&channel={channel}&limit=1";
        await Eventually.Holds(async () => (await analytics.GetArray(top)).Single()!["onHand"]?.GetValue<int>() == 7, TimeSpan.FromSeconds(30),
            async () => $"top products: {(await analytics.GetArray(top)).ToJsonString()}");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var best = (await analytics.GetArray(top)).Single()!;
        (best["sku"]!.GetValue<string>(), best["units"]!.GetValue<int>(), best["onHand"]!.GetValue<int>(), best["available"]!.GetValue<int>()).ShouldBe(("TEE-1", 5, 7, 5));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, query);
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await analytics.Http.SendAsync(csvRequest, TestContext.Current.CancellationToken);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("row,start,end,orders,cancelledOrders,units,netRevenue,averageOrderValue,sessions,conversionRate");
        lines[3].ShouldStartWith("total,2026-11-02T00:00:00Z,2026-11-04T00:00:00Z,4,1,6,155,51.67,5,0.8,0.25,0.2,0.5,0,1,1,8,12,12,24,3,2,1");
        var skuCsv = await analytics.Http.GetStringAsync($"/api/analytics/breakdown?by=sku&from=2026-11-02&to=2026-11-04&channel={channel}&format=csv", TestContext.Current.CancellationToken);
        skuCsv.ShouldBe("key,orders,cancelledOrders,units,netRevenue,averageOrderValue\r\nMUG-1,2,1,1,25,25\r\nTEE-1,2,0,5,160,80\r\n");

        var (status, problem) = await analytics.Refused(HttpMethod.Get, "/api/analytics/kpis?from=2026-11-04&to=2026-11-02&granularity=hour", null);
        status.ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["granularity", "to"], ignoreOrder: true);
        (await analytics.Refused(HttpMethod.Get, "/api/analytics/breakdown?by=colour&from=2026-11-02&to=2026-11-04", null)).Problem["errors"]!["by"].ShouldNotBeNull();

        var paths = (await analytics.Get("/openapi/v1.json"))["paths"]!.AsObject();
        new[] { "/api/analytics/kpis", "/api/analytics/breakdown", "/api/analytics/top-products" }.ShouldBeSubsetOf(paths.Select(p => p.Key));
        paths["/api/analytics/kpis"]!["get"]!["description"]!.GetValue<string>().ShouldContain("conversionRate = orders ÷ sessions");
    }

    private static OrderPlaced Placed(Guid id, string channel, DateTime at, string currency, string? customer, params (string Sku, int Quantity, decimal Net)[] lines) => new()
    {
        OrderId = id, ChannelCode = channel, ChannelKind = "generic", ExternalId = id.ToString("N")[..10], PlacedAt = at, Currency = currency, CustomerReference = customer,
        ShipToCountry = "DE", Lines = lines.Select(l => new PlacedLine { Sku = l.Sku, Quantity = l.Quantity, UnitPrice = l.Net / l.Quantity, NetAmount = l.Net }).ToList(),
        Total = lines.Sum(l => l.Net), PaymentStatus = "paid",
    };

    private static OrderShipped Shipped(Guid id, DateTime at) => new() { OrderId = id, ShippedAt = at, Parcels = [new ShippedParcel { Warehouse = "BER", Lines = [new StockLine { Sku = "X", Quantity = 1 }] }] };

    private static ShopperActivity Activity(string type, string session, DateTime at) => new() { Type = type, SessionId = session, At = at };
}
