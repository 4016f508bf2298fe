using Microsoft.EntityFrameworkCore;
using OmniRetail.Identity.Mfa;
using static OmniRetail.Identity.Tests.Service.IdentityHost;

namespace OmniRetail.Identity.Tests.Service;

[Collection(IdentityServiceCollection.Name)]
public sealed class MfaTests(IdentityHost identity)
{
    [Fact]
    public async Task An_enrolled_user_needs_a_code_or_a_recovery_code_and_each_works_once()
    {
        var (username, password) = await identity.NewUser("operator");
        var token = (await identity.Tokens(new { username, password }))["accessToken"]!.GetValue<string>();

        var (enrolled, enrolment) = await Send(identity.Bearer(token), HttpMethod.Post, "/api/auth/mfa/enrol");
        enrolled.ShouldBe(200);
        var secret = enrolment["secret"]!.GetValue<string>();
        enrolment["otpauthUri"]!.GetValue<string>().ShouldStartWith($"otpauth://totp/OmniRetail:{username}?secret={secret}");
        Convert.FromBase64String(enrolment["qrCodePng"]!.GetValue<string>())[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "a PNG");

        (await Send(identity.Bearer(token), HttpMethod.Post, "/api/auth/mfa/confirm", new { code = "000000" })).Status.ShouldBe(400);
        // Until confirmed, the password alone still signs in.
        await identity.Tokens(new { username, password });
        var (confirmed, codes) = await Send(identity.Bearer(token), HttpMethod.Post, "/api/auth/mfa/confirm", new { code = identity.NextCode(secret) });
        confirmed.ShouldBe(200);
        var recovery = codes["recoveryCodes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        recovery.Count.ShouldBe(RecoveryCodes.Count);

        var (without, withoutBody) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password });
        (without, withoutBody["mfaRequired"]!.GetValue<bool>()).ShouldBe((401, true));
        await identity.Tokens(new { username, password, code = identity.NextCode(secret) });
        await identity.Tokens(new { username, password, recoveryCode = recovery[3] });
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password, recoveryCode = recovery[3] })).Status.ShouldBe(401, "used");
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password, code = TotpCodes.Code(secret, identity.Clock.GetUtcNow().AddMinutes(-5)) }))
            .Status.ShouldBe(401, "a code five minutes old");

        var stored = await identity.Read(db => db.RecoveryCodes.Where(c => c.Username == username).Select(c => c.Hash).ToListAsync());
        stored.ShouldNotContain(recovery[0], "only hashes are stored");
        stored.ShouldContain(RecoveryCodes.Hash(recovery[0]));
        (await identity.Read(db => db.Users.Where(u => u.Username == username).Select(u => u.MfaSecret).SingleAsync()))!.Contains(secret, StringComparison.Ordinal).ShouldBeFalse("the secret is stored encrypted");
    }

    [Fact]
    public async Task An_admin_without_a_second_factor_can_only_enrol_one()
    {
        var (username, password) = await identity.NewUser("admin");
        var tokens = await identity.Tokens(new { username, password });
        tokens["mfaEnrolmentRequired"]!.GetValue<bool>().ShouldBeTrue();
        tokens["refreshToken"].ShouldBeNull();
        var token = tokens["accessToken"]!.GetValue<string>();

        (await Send(identity.Bearer(token), HttpMethod.Get, "/api/staff/users")).Status.ShouldBe(403);
        var (_, enrolment) = await Send(identity.Bearer(token), HttpMethod.Post, "/api/auth/mfa/enrol");
        var secret = enrolment["secret"]!.GetValue<string>();
        (await Send(identity.Bearer(token), HttpMethod.Post, "/api/auth/mfa/confirm", new { code = identity.NextCode(secret) })).Status.ShouldBe(200);

        var full = await identity.Tokens(new { username, password, code = identity.NextCode(secret) });
        full["mfaEnrolmentRequired"]!.GetValue<bool>().ShouldBeFalse();
        (await Send(identity.Bearer(full["accessToken"]!.GetValue<string>()), HttpMethod.Get, "/api/staff/users")).Status.ShouldBe(200);
    }
}
