using System.Text;
using OmniRetail.Identity.Mfa;
using OtpNet;

namespace OmniRetail.Identity.Tests.Rules;

public sealed class TotpTests
{
    // RFC 6238 appendix B: the SHA-1 secret is the ASCII "12345678901234567890"; its 8-digit codes, cut to the last 6.
    private static readonly string Secret = Base32Encoding.ToString(Encoding.ASCII.GetBytes("12345678901234567890"));

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Codes_are_those_of_the_rfc_test_vectors(long unixSeconds, string code) =>
        TotpCodes.Code(Secret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)).ShouldBe(code);

    [Fact]
    public void A_code_is_good_for_its_step_and_each_neighbour_and_only_once()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = at.ToUnixTimeSeconds() / 30;

        TotpCodes.Accept(Secret, "005924", at, lastAcceptedStep: 0).ShouldBe(step);
        TotpCodes.Accept(Secret, "005924", at.AddSeconds(30), 0).ShouldBe(step, "the phone a step behind");
        TotpCodes.Accept(Secret, "005924", at.AddSeconds(-30), 0).ShouldBe(step, "the phone a step ahead");
        TotpCodes.Accept(Secret, "005924", at.AddSeconds(61), 0).ShouldBeNull("two steps late");
        TotpCodes.Accept(Secret, "005924", at, lastAcceptedStep: step).ShouldBeNull("already used");
        TotpCodes.Accept(Secret, "005925", at, 0).ShouldBeNull();
        TotpCodes.Accept(Secret, "00592", at, 0).ShouldBeNull();
        TotpCodes.Accept(Secret, "abcdef", at, 0).ShouldBeNull();
    }

    [Fact]
    public void The_uri_names_the_issuer_account_and_parameters() =>
        TotpCodes.Uri(Secret, "erika").ShouldBe($"otpauth://totp/OmniRetail:erika?secret={Secret}&issuer=OmniRetail&algorithm=SHA1&digits=6&period=30");

    [Fact]
    public void Recovery_codes_are_distinct_and_found_whatever_their_case_and_dashes()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => RecoveryCodes.New()).ToList();
        codes.Distinct().Count().ShouldBe(1000);
        codes.ShouldAllBe(code => code.Length == 11 && code[5] == '-');
        RecoveryCodes.Hash(codes[0].ToUpperInvariant().Replace("-", " ")).ShouldBe(RecoveryCodes.Hash(codes[0]));
    }
}
