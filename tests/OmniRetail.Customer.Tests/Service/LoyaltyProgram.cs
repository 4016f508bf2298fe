namespace OmniRetail.Customer.Tests.Service;

/// <summary>The programme the service tests share: 1 point per euro, Silver from 100, Gold from 500, points for 12 months.</summary>
public static class LoyaltyProgram
{
    public static Task Ensure(CustomerHost customers) => customers.Api.Put("/api/loyalty/program", new
    {
        pointsPerUnit = 1m, expiryMonths = 12, tiers = new[] { new { name = "Silver", minPoints = 100L }, new { name = "Gold", minPoints = 500L } },
    });
}
