using MassTransit;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Analytics.Tests.Service;

[Collection(AnalyticsServiceCollection.Name)]
public sealed class ClusterServiceTests(TestServers servers)
{
    [Fact]
    public async Task Three_planted_groups_of_customers_come_back_as_three_clusters_with_their_labels()
    {
        await using var analytics = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_clusters");
        var bus = analytics.Bus;
        var cancel = TestContext.Current.CancellationToken;
        await bus.Publish(new ChannelRegistered { Code = "web", Name = "Web", Kind = "generic", Presence = "online", Ownership = "direct" }, cancel);
        await bus.Publish(new ChannelRegistered { Code = "till", Name = "Till", Kind = "store", Presence = "offline", Ownership = "direct" }, cancel);
        await bus.Publish(new ChannelRegistered { Code = "market", Name = "Marketplace", Kind = "generic", Presence = "online", Ownership = "indirect" }, cancel);
        var groups = new[]
        {
            (Channel: "web", Orders: 6, DaysAgo: 3, Amount: 150m, Returned: 0),
            (Channel: "till", Orders: 1, DaysAgo: 200, Amount: 30m, Returned: 0),
            (Channel: "market", Orders: 3, DaysAgo: 60, Amount: 60m, Returned: 1),
        };
        var members = groups.Select(_ => new List<Guid>()).ToArray();
        var linked = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            for (var c = 0; c < 8; c++)
            {
                var customer = Guid.NewGuid();
                members[g].Add(customer);
                for (var o = 0; o < groups[g].Orders; o++)
                {
                    var order = NewId.NextGuid();
                    await bus.Publish(new OrderPlaced
                    {
                        OrderId = order, ChannelCode = groups[g].Channel, ChannelKind = "generic", ExternalId = order.ToString("N")[..10],
                        PlacedAt = DateTimeOffset.UtcNow.AddDays(-groups[g].DaysAgo - o - c % 3), Currency = "EUR", Total = groups[g].Amount, PaymentStatus = "paid",
                        Lines = [new PlacedLine { Sku = "SKU", Quantity = 2, UnitPrice = groups[g].Amount / 2, NetAmount = groups[g].Amount }],
                    }, cancel);
                    await bus.Publish(new CustomerOrderLinked { OrderId = order, CustomerId = customer }, cancel);
                    await bus.Publish(new OrderDelivered { OrderId = order, DeliveredAt = DateTimeOffset.UtcNow.AddDays(-groups[g].DaysAgo + 1) }, cancel);
                    if (groups[g].Returned > 0)
                    {
                        await bus.Publish(new ReturnReceived
                        {
                            ReturnId = Guid.NewGuid(), Number = "RMA", ReceiptId = Guid.NewGuid(), OrderId = order, Warehouse = "BER", ReceivedAt = DateTimeOffset.UtcNow,
                            Lines = [new ReturnedLine { Sku = "SKU", Quantity = groups[g].Returned, Condition = ReturnCondition.Resellable }],
                        }, cancel);
                    }

                    linked++;
                }
            }
        }

        var everyone = members.SelectMany(m => m).ToList();
        await Eventually.Holds(() => analytics.Read<Persistence.AnalyticsDbContext, bool>(async db =>
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Orders,
                    o => o.CustomerId != null && everyone.Contains(o.CustomerId.Value) && o.PlacedAt != null && o.DeliveredAt != null) == linked
                && await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Channels, c => c.Code == "web" || c.Code == "till" || c.Code == "market") == 3),
            TimeSpan.FromSeconds(60), () => Task.FromResult("the orders were not all recorded"));
        await Eventually.Holds(async () => (await analytics.Read<Persistence.AnalyticsDbContext, int>(db =>
                Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SumAsync(db.Orders, o => o.UnitsReturned))) == 24,
            TimeSpan.FromSeconds(60), () => Task.FromResult("the returns were not all recorded"));

        var clusters = await analytics.Get("/api/analytics/customer-clusters");

        clusters["k"]!.GetValue<int>().ShouldBe(3);
        clusters["customers"]!.GetValue<int>().ShouldBe(24);
        clusters["clusters"]!.AsArray().Select(c => c!["size"]!.GetValue<int>()).ShouldBe([8, 8, 8]);
        var labels = clusters["clusters"]!.AsArray().Select(c => c!["label"]!.GetValue<string>()).ToList();
        labels.ShouldContain(l => l.Contains("frequent") && l.Contains("high spend"));
        labels.ShouldContain(l => l.Contains("store-heavy"));
        labels.ShouldContain(l => l.Contains("marketplace-heavy") && l.Contains("returns a lot"));
        // Every member of a planted group is in the same cluster as the rest of it.
        for (var g = 0; g < 3; g++)
        {
            var found = new HashSet<int>();
            foreach (var customer in members[g])
            {
                found.Add((await analytics.Get($"/api/analytics/customer-clusters/{customer}"))["cluster"]!.GetValue<int>());
            }

            found.Count.ShouldBe(1, $"group {g} was split");
        }

        var one = await analytics.Get($"/api/analytics/customer-clusters/{members[1][0]}");
        (one["features"]!["orders"]!.GetValue<double>(), one["features"]!["offlineShare"]!.GetValue<double>()).ShouldBe((1, 1));
        (await analytics.Refused(HttpMethod.Get, $"/api/analytics/customer-clusters/{Guid.NewGuid()}", null)).Status.ShouldBe(404);
    }
}
