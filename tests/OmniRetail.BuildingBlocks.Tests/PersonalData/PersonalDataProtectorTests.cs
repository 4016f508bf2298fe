using System.Security.Cryptography;
using OmniRetail.BuildingBlocks.PersonalData;

namespace OmniRetail.BuildingBlocks.Tests.PersonalData;

public sealed class PersonalDataProtectorTests
{
    private const string Address = "Erika Mustermann, Unter den Linden 1, 10117 Berlin";
    private readonly PersonalDataProtector _protector = new(new string('k', 32));

    [Fact]
    public void Protected_values_read_back_and_never_show_the_plaintext()
    {
        var first = _protector.Protect(Address);
        var second = _protector.Protect(Address);

        first.ShouldNotContain("Erika");
        first.ShouldNotBe(second, "a fresh nonce per value: equal inputs must not be recognisable as equal");
        _protector.Unprotect(first).ShouldBe(Address);
        _protector.Unprotect(second).ShouldBe(Address);
    }

    [Fact]
    public void Altered_values_and_values_under_another_key_are_refused()
    {
        var sealedValue = _protector.Protect(Address);
        var bytes = Convert.FromBase64String(sealedValue[3..]);
        bytes[^1] ^= 1;

        Should.Throw<CryptographicException>(() => _protector.Unprotect("v1:" + Convert.ToBase64String(bytes)));
        Should.Throw<CryptographicException>(() => new PersonalDataProtector(new string('x', 32)).Unprotect(sealedValue));
        Should.Throw<CryptographicException>(() => _protector.Unprotect(Address));
    }

    [Fact]
    public void Lookup_keys_match_the_same_value_in_any_case_and_depend_on_the_key()
    {
        var key = _protector.LookupKey("Erika@Example.com");

        _protector.LookupKey(" erika@example.com ").ShouldBe(key);
        _protector.LookupKey("erik@example.com").ShouldNotBe(key);
        new PersonalDataProtector(new string('x', 32)).LookupKey("erika@example.com").ShouldNotBe(key);
        key.ShouldNotContain("erika");
    }

    [Fact]
    public void A_missing_or_short_key_stops_the_service_at_start() =>
        Should.Throw<InvalidOperationException>(() => new PersonalDataProtector("too short")).Message.ShouldContain("PersonalData__Key");
}
