using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Orders;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class LoyaltyServiceTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private async Task<Guid> CustomerWithPoints(long points)
    {
        await LoyaltyProgram.Ensure(customers);
        // Delivered before it was placed (each event has its own queue): the points follow once both facts are in.
        var orderId = NewId.NextGuid();
        await customers.Publish(new OrderDelivered { OrderId = orderId, DeliveredAt = DateTimeOffset.UtcNow });
        await customers.Placed("webshop", $"points.{_run}@example.com", id: orderId, lines: [("MUG", 1, points)]);
        var id = await customers.CustomerOf(orderId);
        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{id}/loyalty"))["balance"]!.GetValue<long>() == points,
            TimeSpan.FromSeconds(30), () => Task.FromResult($"{points} points were not earned"));
        return id;
    }

    [Fact]
    public async Task Twenty_concurrent_redemptions_of_a_100_point_balance_never_overdraw()
    {
        var id = await CustomerWithPoints(100);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await customers.Api.Http.PostAsJsonAsync($"/api/customers/{id}/loyalty/redemptions", new { points = 10, reference = $"{_run}-{i}" },
                TestContext.Current.CancellationToken);
            return (int)response.StatusCode;
        }));

        answers.Count(status => status == 201).ShouldBe(10);
        answers.Count(status => status == 409).ShouldBe(10);
        var ledger = await customers.Api.Get($"/api/customers/{id}/loyalty");
        ledger["balance"]!.GetValue<long>().ShouldBe(0);
        ledger["entries"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "redeemed").ShouldBe(10);
        // Redeeming does not demote: the tier stands on points earned.
        ledger["tier"]!.GetValue<string>().ShouldBe("Silver");
    }

    [Fact]
    public async Task The_same_reference_twice_is_one_redemption()
    {
        var id = await CustomerWithPoints(150);

        var first = await customers.Api.Post($"/api/customers/{id}/loyalty/redemptions", new { points = 50, reference = $"checkout-{_run}" });
        var again = await customers.Api.Post($"/api/customers/{id}/loyalty/redemptions", new { points = 50, reference = $"checkout-{_run}" });

        (first["repeated"]!.GetValue<bool>(), again["repeated"]!.GetValue<bool>()).ShouldBe((false, true));
        again["balance"]!.GetValue<long>().ShouldBe(100);
        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/customers/{id}/loyalty/redemptions", new { points = 101, reference = $"big-{_run}" });
        (status, problem["errors"]!["points"]![0]!.GetValue<string>()).ShouldBe((409, "the balance is 100 points"));
        (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/customers/{id}/loyalty/redemptions", new { points = 0, reference = "x" });
        (status, problem["errors"]!["points"] is not null).ShouldBe((400, true));
        customers.Published<LoyaltyTierChanged>().ShouldContain(t => t.CustomerId == id && t.ToTier == "Silver" && t.FromTier == null);
    }

    [Fact]
    public async Task Points_past_their_expiry_expire_and_the_tier_follows()
    {
        var id = await CustomerWithPoints(120);
        (await customers.Api.Get($"/api/customers/{id}/loyalty"))["tier"]!.GetValue<string>().ShouldBe("Silver");

        // A year on: the lot's expiry has passed (moved back here rather than waiting), and the hourly job finds it.
        await customers.Read(db => db.LoyaltyEntries.Where(e => e.CustomerId == id && e.Kind == "earned")
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));

        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{id}/loyalty"))["balance"]!.GetValue<long>() == 0,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the points never expired"));
        var ledger = await customers.Api.Get($"/api/customers/{id}/loyalty");
        ledger["entries"]!.AsArray().Select(e => (e!["kind"]!.GetValue<string>(), e["points"]!.GetValue<long>())).ShouldBe([("earned", 120), ("expired", -120)]);
        ledger["tier"].ShouldBeNull();
        await Eventually.Holds(() => Task.FromResult(customers.Published<LoyaltyTierChanged>().Any(t => t.CustomerId == id && t.FromTier == "Silver" && t.ToTier == null)),
            TimeSpan.FromSeconds(30), () => Task.FromResult("the tier change was not published"));
    }

    [Fact]
    public async Task Programme_settings_are_checked_field_by_field()
    {
        var (status, problem) = await customers.Api.Refused(HttpMethod.Put, "/api/loyalty/program",
            new { pointsPerUnit = 0, expiryMonths = -1, tiers = new[] { new { name = "Gold", minPoints = 5L }, new { name = "gold", minPoints = 5L } } });
        status.ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["pointsPerUnit", "expiryMonths", "tiers[1].name", "tiers[1].minPoints"], ignoreOrder: true);
    }
}
