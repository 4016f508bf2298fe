using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.Keys;

public static class KeyEndpoints
{
    public static void MapKeys(this WebApplication app)
    {
        app.MapGet(ResourceNames.KeySetPath, (SigningKeyRing keys) => Results.Json(keys.KeySet(), contentType: "application/jwk-set+json"))
            .WithTags("Keys").AllowAnonymous()
            .WithSummary("The public keys staff tokens are signed with (JWKS, ES256), each with its key id (kid)")
            .WithDescription("A key retired by a rotation stays listed until the last token it signed has expired.");
        app.MapPost("/api/auth/signing-keys/rotate", async (SigningKeyRing keys, CancellationToken cancellationToken) => Results.Ok(new { keyId = await keys.Rotate(cancellationToken) }))
            .WithTags("Keys").RequireAuthorization(StaffPolicies.Admin).Audited("auth.signing-key-rotated")
            .WithSummary("A new key signs tokens from now on; tokens signed with the previous one stay valid until they expire");
    }
}
