using MassTransit;
using OmniRetail.Analytics.Tests.Rules;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Analytics.Tests.Service;

[Collection(AnalyticsServiceCollection.Name)]
public sealed class RecommendationServiceTests(TestServers servers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    [Fact]
    public async Task The_hand_counted_baskets_placed_through_the_broker_give_the_same_rules_and_a_customer_is_offered_what_goes_with_their_orders()
    {
        await using var analytics = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_recommendations",
            new Dictionary<string, string> { ["Analytics:Recommendations:MinSupport"] = "0.2", ["Analytics:Recommendations:MinConfidence"] = "0.5" });
        var channel = $"baskets-{_run.ToLowerInvariant()}";
        var sku = (string name) => $"{name}-{_run}";
        var orders = new List<Guid>();
        foreach (var basket in AssociationMinerTests.Baskets)
        {
            var id = NewId.NextGuid();
            orders.Add(id);
            await analytics.Bus.Publish(new OrderPlaced
            {
                OrderId = id, ChannelCode = channel, ChannelKind = "generic", ExternalId = id.ToString("N")[..10], PlacedAt = DateTimeOffset.UtcNow.AddDays(-3), Currency = "EUR",
                Lines = basket.Select(s => new PlacedLine { Sku = sku(s), Quantity = 1, UnitPrice = 10, NetAmount = 10 }).ToList(), Total = 10 * basket.Count, PaymentStatus = "paid",
            }, TestContext.Current.CancellationToken);
        }

        // A cancelled order is no basket: its A+D would otherwise make a rule.
        var cancelled = NewId.NextGuid();
        await analytics.Bus.Publish(new OrderPlaced
        {
            OrderId = cancelled, ChannelCode = channel, ChannelKind = "generic", ExternalId = "CANCELLED", PlacedAt = DateTimeOffset.UtcNow.AddDays(-3), Currency = "EUR",
            Lines = [new PlacedLine { Sku = sku("A"), Quantity = 1, UnitPrice = 10, NetAmount = 10 }, new PlacedLine { Sku = sku("D"), Quantity = 1, UnitPrice = 10, NetAmount = 10 }],
            Total = 20, PaymentStatus = "paid",
        }, TestContext.Current.CancellationToken);
        await analytics.Bus.Publish(new OrderCancelled { OrderId = cancelled, CancelledAt = DateTimeOffset.UtcNow, Reason = "test" }, TestContext.Current.CancellationToken);
        var customer = Guid.NewGuid();
        await analytics.Bus.Publish(new CustomerOrderLinked { OrderId = orders[5], CustomerId = customer }, TestContext.Current.CancellationToken); // bought A only

        var query = $"/api/analytics/recommendations?sku={sku("A")}&channel={channel}";
        await Eventually.Holds(async () => (await analytics.GetArray(query)).Count == 2, TimeSpan.FromSeconds(30),
            async () => $"rules for A: {(await analytics.GetArray(query)).ToJsonString()}");
        var forA = await analytics.GetArray(query);
        forA.Select(r => (r!["sku"]!.GetValue<string>(), r["support"]!.GetValue<double>(), Math.Round(r["confidence"]!.GetValue<double>(), 4), Math.Round(r["lift"]!.GetValue<double>(), 4), r["baskets"]!.GetValue<int>()))
            .ShouldBe([(sku("B"), 0.4, 0.6667, 1.1111, 4), (sku("C"), 0.3, 0.5, 1.0, 3)]);

        await Eventually.Holds(async () => await analytics.Read<Persistence.AnalyticsDbContext, bool>(async db =>
                (await db.Orders.FindAsync(orders[5]))?.CustomerId == customer && (await db.Orders.FindAsync(cancelled))?.CancelledAt is not null),
            TimeSpan.FromSeconds(30), () => Task.FromResult("the link and the cancellation were not recorded"));
        var refreshed = await analytics.Post("/api/analytics/recommendations/refresh", new { });
        refreshed["rules"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(9);
        var offered = await analytics.Get($"/api/analytics/recommendations/customers/{customer}");
        offered["items"]!.AsArray().Select(i => i!["sku"]!.GetValue<string>()).ShouldBe([sku("B"), sku("C")]);
        (await analytics.Refused(HttpMethod.Get, $"/api/analytics/recommendations/customers/{Guid.NewGuid()}", null)).Status.ShouldBe(404);
        (await analytics.Refused(HttpMethod.Get, "/api/analytics/recommendations?limit=0", null)).Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["sku", "limit"], ignoreOrder: true);
    }
}
