using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Loyalty;

namespace OmniRetail.Customer.Tests.Rules;

public sealed class IdentityTests
{
    [Theory]
    [InlineData("  Erika.Mustermann@Example.COM ", "erika.mustermann@example.com")]
    [InlineData("erika.mustermann@example.com", "erika.mustermann@example.com")]
    [InlineData("not-an-address", null)]
    [InlineData("@example.com", null)]
    [InlineData(null, null)]
    public void E_mails_are_compared_trimmed_and_lower_case(string? given, string? normalised) => Identity.Email(given).ShouldBe(normalised);

    [Theory]
    [InlineData("+49 30 1234567", null, "+49301234567")]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("0049 (30) 123-4567", "AT", "+49301234567")]
    [InlineData("(415) 555-2671", "US", "+14155552671")]
    [InlineData("12", "DE", null)]
    public void Phones_are_compared_in_E164(string given, string? country, string? e164) => Identity.Phone(given, country, "DE").ShouldBe(e164);

    [Fact]
    public void Points_round_down_and_the_tier_is_the_highest_reached()
    {
        var program = new LoyaltyProgram { PointsPerUnit = 1.5m, Tiers = [new("Silver", 100), new("Gold", 500), new("Bronze", 0)] };
        program.PointsFor(99.99m).ShouldBe(149); // ⌊149.985⌋
        program.PointsFor(-5m).ShouldBe(0);
        program.TierFor(0).ShouldBe("Bronze");
        program.TierFor(499).ShouldBe("Silver");
        program.TierFor(500).ShouldBe("Gold");
    }
}
