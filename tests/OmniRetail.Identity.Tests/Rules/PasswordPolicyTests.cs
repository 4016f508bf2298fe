using OmniRetail.Identity.Staff;

namespace OmniRetail.Identity.Tests.Rules;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = PasswordPolicy.Shipped;

    [Theory]
    [InlineData("", "is required")]
    [InlineData("Short-1234", "must be at least 12 characters")]
    [InlineData("aaaaaaaaaaaaaaaa", "must have at least 5 different characters")]
    [InlineData("Erika-Musterfrau-77", "must not contain the user name")]
    [InlineData("qwertyuiop123", "is a common password; choose another")]
    [InlineData("Password12345!", "is a common password; choose another")]
    [InlineData("123456Summer!!", "is a common password; choose another")]
    public void Weak_passwords_are_refused_with_the_reason(string password, string reason) =>
        Policy.Problem(password, "erika-musterfrau").ShouldBe(reason);

    [Theory]
    [InlineData("correct-horse-battery")]
    [InlineData("Tr0ub4dor&3-Zebra")]
    [InlineData("9f1c2e7a55b0d4e3")]
    public void Good_passwords_pass(string password) => Policy.Problem(password, "erika").ShouldBeNull();

    [Fact]
    public void The_shipped_list_is_the_whole_list() =>
        new PasswordPolicy(["summer"]).Problem("Summer2026!!!", "erika").ShouldBe("is a common password; choose another");

    [Fact]
    public void Too_long_is_refused() => Policy.Problem(new string('x', 100) + "abcdefghijklmnopqrstuvwxyz0123", "erika").ShouldBe("must be at most 128 characters");
}
