using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.TestInfrastructure.Staff;

/// <summary>
/// Staff tokens as the Identity service issues them (ES256), for tests that call one service's API without it: the
/// service is given <see cref="KeySet"/> as <c>Auth:SigningKeys</c>, and only this process holds the private key.
/// </summary>
public static class StaffTokens
{
    private static readonly ECDsaSecurityKey Key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "test-key" };

    /// <summary>The public key as a JWKS document.</summary>
    public static string KeySet { get; } = KeySetOf(Key);

    public static string KeySetOf(ECDsaSecurityKey key) => StaffKeySet.Of([key]).ToJsonString();

    public static string Issue(string role, string user = "test-operator", IEnumerable<string>? channels = null, IEnumerable<string>? warehouses = null) =>
        IssueWith(Key, SecurityAlgorithms.EcdsaSha256, [role], user, channels, warehouses);

    /// <summary>A token signed some other way (another key, another algorithm), to prove services refuse it.</summary>
    public static string IssueWith(SecurityKey key, string algorithm, IEnumerable<string> roles, string user = "test-operator", IEnumerable<string>? channels = null,
        IEnumerable<string>? warehouses = null, DateTime? expires = null, string issuer = StaffAuthOptions.Issuer, string audience = StaffAuthOptions.Issuer)
    {
        var claims = new List<Claim> { new(StaffClaims.Subject, user) };
        claims.AddRange(roles.Select(role => new Claim(StaffClaims.Role, role)));
        claims.AddRange((channels ?? []).Select(channel => new Claim(StaffClaims.Channel, channel)));
        claims.AddRange((warehouses ?? []).Select(warehouse => new Claim(StaffClaims.Warehouse, warehouse)));
        var until = expires ?? DateTime.UtcNow.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = until.AddHours(-2),
            NotBefore = until.AddHours(-2),
            Expires = until,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>The key this process signs test tokens with, for tests that forge variations of them.</summary>
    public static ECDsaSecurityKey SigningKey => Key;
}
