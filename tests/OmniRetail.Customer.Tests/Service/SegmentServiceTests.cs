using OmniRetail.Customer.Segments;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class SegmentServiceTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Recompute_scores_every_customer_with_orders_in_base_currency_and_counts_them_per_segment()
    {
        // Two orders in euros and one in dollars (at 0.5): monetary 10 + 20 + 0.5 × 60 = 60 EUR, frequency 3, last order 2 days ago.
        var email = $"rfm.{_run}@example.com";
        await customers.Placed("webshop", email, placedAt: DateTimeOffset.UtcNow.AddDays(-30), lines: [("MUG", 1, 10m)]);
        await customers.Placed("webshop", email, placedAt: DateTimeOffset.UtcNow.AddDays(-10), lines: [("MUG", 2, 20m)]);
        var last = await customers.Placed("woo-us", email, currency: "USD", placedAt: DateTimeOffset.UtcNow.AddDays(-2).AddHours(-1), lines: [("MUG", 3, 60m)]);
        var id = await customers.CustomerOf(last);
        await OmniRetail.TestInfrastructure.Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{id}"))["orderCount"]!.GetValue<int>() == 3,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the three orders were not recorded"));

        var outcome = await customers.Api.Post("/api/customers/segments/recompute", new { });

        var rfm = (await customers.Api.Get($"/api/customers/{id}"))["rfm"]!;
        (rfm["recencyDays"]!.GetValue<int>(), rfm["frequency"]!.GetValue<int>(), rfm["monetary"]!.GetValue<decimal>(), rfm["baseCurrency"]!.GetValue<string>())
            .ShouldBe((2, 3, 60m, "EUR"));
        var (r, f, m) = (rfm["r"]!.GetValue<int>(), rfm["f"]!.GetValue<int>(), rfm["m"]!.GetValue<int>());
        rfm["segment"]!.GetValue<string>().ShouldBe(Rfm.SegmentOf(r, f, m));
        var counts = await customers.Api.Get("/api/customers/segments");
        counts["segments"]!.AsArray().Select(s => s!["segment"]!.GetValue<string>()).ShouldBe(Rfm.Segments);
        counts["segments"]!.AsArray().Sum(s => s!["customers"]!.GetValue<int>()).ShouldBe(outcome["scored"]!.GetValue<int>());
    }
}
