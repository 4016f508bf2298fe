using MassTransit;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Analytics.Tests.Service;

[Collection(AnalyticsServiceCollection.Name)]
public sealed class PromotionServiceTests(TestServers servers)
{
    [Fact]
    public async Task A_planted_30_percent_uplift_placed_through_the_broker_is_recovered_and_too_few_orders_give_no_number()
    {
        await using var analytics = await ServiceHost<Program>.StartAsync(servers, "analytics", "analytics_promotions");
        var cancel = TestContext.Current.CancellationToken;
        var now = DateTime.UtcNow;
        await analytics.Bus.Publish(new ProductRegistered { Sku = "TEE-P", Name = "Promoted tee", Price = 10, Currency = "EUR", Categories = ["TOPS"] }, cancel);
        await analytics.Bus.Publish(new ProductRegistered { Sku = "TEE-C", Name = "Other tee", Price = 10, Currency = "EUR", Categories = ["TOPS"] }, cancel);
        await analytics.Bus.Publish(new PromotionChanged { Code = "TEES20", Name = "20% off the tee", StartsAt = now.AddDays(-10), EndsAt = now.AddDays(5), Skus = ["TEE-P"] }, cancel);
        await analytics.Bus.Publish(new PromotionChanged { Code = "QUIET", Name = "Nobody came", StartsAt = now.AddDays(-2), EndsAt = now.AddDays(5), Skus = ["TEE-C"] }, cancel);
        var count = 0;
        async Task Order(string sku, int units, decimal unitNet, double daysAgo)
        {
            var id = NewId.NextGuid();
            count++;
            if (unitNet < 10m)
            {
                // The catalog priced it with the promotion: 2.00 off each unit.
                await analytics.Bus.Publish(new OrderPriced
                {
                    OrderId = id, Lines = [new OrderPricedLine { Sku = sku, Quantity = units, ChannelPrice = 10m, Discount = 2m * units, NetAmount = unitNet * units, Promotions = ["TEES20"] }],
                }, cancel);
            }

            await analytics.Bus.Publish(new OrderPlaced
            {
                OrderId = id, ChannelCode = "web", ChannelKind = "generic", ExternalId = id.ToString("N")[..10], PlacedAt = now.AddDays(-daysAgo), Currency = "EUR",
                Lines = [new PlacedLine { Sku = sku, Quantity = units, UnitPrice = unitNet, NetAmount = units * unitNet }], Total = units * unitNet, PaymentStatus = "paid",
            }, cancel);
        }

        // Before (10 to 20 days ago): 25 orders of 2 promoted tees and 25 of 2 others. During: 15 orders of 3 and 10 of 2 promoted tees at 8.00
        // (65 units, +30 %), the others as before.
        for (var i = 0; i < 25; i++)
        {
            await Order("TEE-P", 2, 10m, 10.5 + i * 0.3);
            await Order("TEE-C", 2, 10m, 10.5 + i * 0.3);
            await Order("TEE-P", i < 15 ? 3 : 2, 8m, 0.5 + i * 0.3);
            await Order("TEE-C", 2, 10m, 0.5 + i * 0.3);
        }

        await Eventually.Holds(() => analytics.Read<Persistence.AnalyticsDbContext, bool>(async db =>
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Orders, o => o.PlacedAt != null) == count
                && (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Orders)).Count(o => o.Promotions.Count > 0) == 25
                && await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Promotions) == 2
                && await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Products) == 2),
            TimeSpan.FromSeconds(60), () => Task.FromResult("the orders were not all recorded"));

        var report = await analytics.Get("/api/analytics/promotions/TEES20/effect");

        report["controlSkus"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["TEE-C"]);
        (report["ordersWithPromotionApplied"]!.GetValue<int>(), report["discountCostFrom"]!.GetValue<string>()).ShouldBe((25, "applied"));
        var effect = report["effect"]!;
        (effect["uplift"]!.GetValue<double>(), effect["incrementalUnits"]!.GetValue<double>(), effect["significant"]!.GetValue<bool>()).ShouldBe((30.0, 15.0, true));
        effect["upliftLower"]!.GetValue<double>().ShouldBeLessThan(30.0);
        effect["upliftUpper"]!.GetValue<double>().ShouldBeGreaterThan(30.0);
        // Revenue 500 before, 520 during (65 × 8): +4 %, 20 more; the discount cost 65 × 2.00 = 130, so each euro of discount brought 0.15 back.
        (effect["revenueUplift"]!.GetValue<double>(), effect["incrementalRevenue"]!.GetValue<double>(), effect["discountCost"]!.GetValue<double>(), effect["returnOnDiscount"]!.GetValue<double>())
            .ShouldBe((4.0, 20.0, 130.0, 0.1538));

        var quiet = (await analytics.Get("/api/analytics/promotions/QUIET/effect"))["effect"]!;
        quiet["uplift"].ShouldBeNull();
        quiet["reason"]!.GetValue<string>().ShouldContain("not enough data");
        (await analytics.Refused(HttpMethod.Get, "/api/analytics/promotions/NOPE/effect", null)).Status.ShouldBe(404);
    }
}
