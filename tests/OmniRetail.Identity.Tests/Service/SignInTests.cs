using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.ServiceDefaults.Staff;
using static OmniRetail.Identity.Tests.Service.IdentityHost;

namespace OmniRetail.Identity.Tests.Service;

[Collection(IdentityServiceCollection.Name)]
public sealed class SignInTests(IdentityHost identity)
{
    [Fact]
    public async Task The_seeded_admin_signs_in_with_a_code_once_and_the_token_checks_out_against_the_published_keys()
    {
        var password = new { username = "admin", password = AdminPassword };
        var (missing, missingBody) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", password);
        (missing, missingBody["mfaRequired"]!.GetValue<bool>()).ShouldBe((401, true));

        var code = identity.NextCode(AdminTotpSecret);
        var tokens = await identity.Tokens(new { username = "admin", password = AdminPassword, code });
        var (reused, reusedBody) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username = "admin", password = AdminPassword, code });
        (reused, reusedBody["mfaRequired"]!.GetValue<bool>()).ShouldBe((401, true), "a code works once");

        tokens["tokenType"]!.GetValue<string>().ShouldBe("Bearer");
        tokens["expiresIn"]!.GetValue<int>().ShouldBe(900);
        tokens["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["admin"]);
        tokens["refreshToken"]!.GetValue<string>().Length.ShouldBeGreaterThanOrEqualTo(43);

        var (_, keys) = await Send(identity.Anonymous(), HttpMethod.Get, "/.well-known/jwks.json");
        var keySet = new JsonWebKeySet(keys.ToJsonString());
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(tokens["accessToken"]!.GetValue<string>(), new TokenValidationParameters
        {
            ValidIssuer = StaffAuthOptions.Issuer, ValidAudience = StaffAuthOptions.Issuer, IssuerSigningKeys = keySet.GetSigningKeys(),
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256], ValidateLifetime = false,
        });
        validation.IsValid.ShouldBeTrue(validation.Exception?.Message);
        var jwt = (JsonWebToken)validation.SecurityToken;
        jwt.Alg.ShouldBe("ES256");
        keySet.Keys.Select(k => k.Kid).ShouldContain(jwt.Kid);
        keySet.Keys.ShouldAllBe(k => k.D == null, "no private part is published");
        (jwt.ValidTo - jwt.ValidFrom).ShouldBe(TimeSpan.FromMinutes(15));
        jwt.GetClaim("sub").Value.ShouldBe("admin");
        jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value).ShouldBe(["pwd", "otp"]);
    }

    [Fact]
    public async Task A_new_account_changes_its_password_first_under_the_password_rules()
    {
        var username = $"new-{Guid.NewGuid():N}"[..16];
        var initial = $"Initial-{Guid.NewGuid():N}";
        var (created, user) = await Send(await identity.Admin(), HttpMethod.Post, "/api/staff/users",
            new { username, displayName = "Nina Neu", initialPassword = initial, roles = new[] { "support" }, channels = new[] { "shopify-eu" } });
        created.ShouldBe(201, user.ToJsonString());
        user.ToJsonString().ShouldNotContain("assword\":", Case.Insensitive);
        user.ContainsKey("passwordHash").ShouldBeFalse();
        (user["passwordChangeRequired"]!.GetValue<bool>(), user["mfaEnabled"]!.GetValue<bool>()).ShouldBe((true, false));

        var (first, firstBody) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password = initial });
        (first, firstBody["passwordChangeRequired"]!.GetValue<bool>()).ShouldBe((403, true));

        var (weak, weakBody) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/password", new { username, currentPassword = initial, newPassword = "Password12345!" });
        (weak, weakBody["errors"]!["newPassword"]![0]!.GetValue<string>()).ShouldBe((400, "is a common password; choose another"));
        var chosen = $"Chosen-{Guid.NewGuid():N}";
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/password", new { username, currentPassword = initial, newPassword = chosen })).Status.ShouldBe(204);

        var tokens = await identity.Tokens(new { username, password = chosen });
        tokens["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["support"]);
        var claims = new JsonWebToken(tokens["accessToken"]!.GetValue<string>());
        claims.Claims.Where(c => c.Type == StaffClaims.Channel).Select(c => c.Value).ShouldBe(["shopify-eu"]);
        claims.Claims.Where(c => c.Type == StaffClaims.Warehouse).ShouldBeEmpty("no warehouse limit: every warehouse");

        var (list, listBody) = await Send(await identity.Admin(), HttpMethod.Get, "/api/staff/users");
        list.ShouldBe(200);
        listBody["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()).ShouldContain(username);
        listBody.ToJsonString().ShouldNotContain("AQAAAA", Case.Sensitive, "no password hash (Identity's format starts so) is ever listed");
    }

    [Fact]
    public async Task Bad_accounts_are_refused_naming_the_field_and_change_nothing()
    {
        var (status, problem) = await Send(await identity.Admin(), HttpMethod.Post, "/api/staff/users",
            new { username = "X", displayName = "", initialPassword = "short", roles = new[] { "king" }, warehouses = new[] { "no spaces" } });
        status.ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).Order().ShouldBe(["displayName", "initialPassword", "roles[0]", "username", "warehouses[0]"]);
        (await Send(await identity.Admin(), HttpMethod.Post, "/api/staff/users", new { username = "admin", displayName = "Again", initialPassword = $"Initial-{Guid.NewGuid():N}", roles = new[] { "admin" } }))
            .Status.ShouldBe(409);
        // Other tests create admins of their own: with those disabled, the seeded one is the last enabled admin.
        var (_, users) = await Send(await identity.Admin(), HttpMethod.Get, "/api/staff/users");
        foreach (var other in users["items"]!.AsArray().Where(u => u!["username"]!.GetValue<string>() != "admin" && !u["disabled"]!.GetValue<bool>()
                     && u["roles"]!.AsArray().Any(r => r!.GetValue<string>() == "admin")))
        {
            (await Send(await identity.Admin(), HttpMethod.Post, $"/api/staff/users/{other!["username"]!.GetValue<string>()}/disable")).Status.ShouldBe(200);
        }

        (await Send(await identity.Admin(), HttpMethod.Post, "/api/staff/users/admin/disable")).Status.ShouldBe(409, "the last enabled admin");
        (await Send(await identity.Admin(), HttpMethod.Put, "/api/staff/users/admin/roles", new { roles = new[] { "operator" } })).Status.ShouldBe(409);
        (await Send(await identity.Admin(), HttpMethod.Post, "/api/staff/users/nobody-here/disable")).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes_whatever_the_address()
    {
        var (username, password) = await identity.NewUser("operator");
        for (var i = 0; i < 5; i++)
        {
            (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password = $"wrong-{i}" })).Status.ShouldBe(401);
        }

        var (locked, problem) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password });
        locked.ShouldBe(423);
        problem["lockedUntil"]!.GetValue<DateTime>().ShouldBe(identity.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), TimeSpan.FromSeconds(2));

        identity.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await identity.Tokens(new { username, password });

        // Names that do not exist lock alike, so the answers do not tell which exist.
        var nobody = $"nobody-{Guid.NewGuid():N}";
        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username = nobody, password = "wrong" })).Status);
        }

        statuses.ShouldBe([401, 401, 401, 401, 401, 423]);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_presenting_it_again_revokes_the_whole_sign_in()
    {
        var (username, password) = await identity.NewUser("analyst");
        var first = await identity.Tokens(new { username, password });
        var (refreshed, second) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = first["refreshToken"]!.GetValue<string>() });
        refreshed.ShouldBe(200);
        second["refreshToken"]!.GetValue<string>().ShouldNotBe(first["refreshToken"]!.GetValue<string>());

        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = first["refreshToken"]!.GetValue<string>() })).Status.ShouldBe(401);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = second["refreshToken"]!.GetValue<string>() }))
            .Status.ShouldBe(401, "the reuse revoked every token of that sign-in");

        var other = await identity.Tokens(new { username, password });
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/signout", new { refreshToken = other["refreshToken"]!.GetValue<string>() })).Status.ShouldBe(204);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = other["refreshToken"]!.GetValue<string>() })).Status.ShouldBe(401);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = "made-up" })).Status.ShouldBe(401);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { })).Status.ShouldBe(400);
    }

    [Fact]
    public async Task Role_changes_apply_at_the_next_refresh_and_a_disabled_account_cannot_refresh()
    {
        var (username, password) = await identity.NewUser("warehouse", warehouses: ["BER"]);
        var tokens = await identity.Tokens(new { username, password });
        (await Send(identity.Bearer(tokens["accessToken"]!.GetValue<string>()), HttpMethod.Get, "/api/staff/users")).Status.ShouldBe(403, "a warehouse user is no admin");

        (await Send(await identity.Admin(), HttpMethod.Put, $"/api/staff/users/{username}/roles", new { roles = new[] { "warehouse", "buyer" }, warehouses = new[] { "BER", "HAM" } }))
            .Status.ShouldBe(200);
        var (_, renewed) = await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = tokens["refreshToken"]!.GetValue<string>() });
        renewed["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["warehouse", "buyer"]);
        renewed["warehouses"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["BER", "HAM"]);

        (await Send(await identity.Admin(), HttpMethod.Post, $"/api/staff/users/{username}/disable")).Status.ShouldBe(200);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/refresh", new { refreshToken = renewed["refreshToken"]!.GetValue<string>() })).Status.ShouldBe(401);
        (await Send(identity.Anonymous(), HttpMethod.Post, "/api/auth/token", new { username, password })).Status.ShouldBe(403);
    }

    [Fact]
    public async Task A_rotated_key_signs_from_then_on_and_the_retired_one_still_verifies_its_tokens()
    {
        var before = await identity.AdminTokens();
        var (_, rotated) = await Send(identity.Bearer(before["accessToken"]!.GetValue<string>()), HttpMethod.Post, "/api/auth/signing-keys/rotate");
        var newKey = rotated["keyId"]!.GetValue<string>();
        var after = await identity.AdminTokens();

        new JsonWebToken(after["accessToken"]!.GetValue<string>()).Kid.ShouldBe(newKey);
        var (_, keys) = await Send(identity.Anonymous(), HttpMethod.Get, "/.well-known/jwks.json");
        keys["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ShouldContain(new JsonWebToken(before["accessToken"]!.GetValue<string>()).Kid);
        (await Send(identity.Bearer(before["accessToken"]!.GetValue<string>()), HttpMethod.Get, "/api/staff/users")).Status.ShouldBe(200);
        (await Send(identity.Bearer(after["accessToken"]!.GetValue<string>()), HttpMethod.Get, "/api/staff/users")).Status.ShouldBe(200);
    }
}
