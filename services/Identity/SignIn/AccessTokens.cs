using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.Identity.Keys;
using OmniRetail.Identity.Staff;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.SignIn;

/// <summary>Makes the access tokens (ES256 JWTs, <see cref="SignInOptions.AccessTokenLifetime"/>) and refresh tokens staff present.</summary>
public sealed class AccessTokens(SigningKeyRing keys, IOptions<SignInOptions> options)
{
    /// <summary>An access token for the user; one made <paramref name="enrolmentOnly"/> carries no role and opens only their own enrolment.</summary>
    public (string Token, int ExpiresIn) Issue(StaffUser user, bool withSecondFactor, bool enrolmentOnly, DateTime now)
    {
        var lifetime = options.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new(StaffClaims.Subject, user.Username),
            new(StaffClaims.Name, user.DisplayName),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new("amr", "pwd"),
        };
        if (withSecondFactor)
        {
            claims.Add(new Claim("amr", "otp"));
        }

        if (enrolmentOnly)
        {
            claims.Add(new Claim(StaffClaims.MfaEnrolmentOnly, "true"));
        }
        else
        {
            claims.AddRange(user.Roles.Select(role => new Claim(StaffClaims.Role, role)));
            claims.AddRange(user.Channels.Select(channel => new Claim(StaffClaims.Channel, channel)));
            claims.AddRange(user.Warehouses.Select(warehouse => new Claim(StaffClaims.Warehouse, warehouse)));
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = StaffAuthOptions.Issuer,
            Audience = StaffAuthOptions.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = keys.Credentials(),
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    /// <summary>A fresh refresh token: 256 random bits, handed out once and kept only as <see cref="RefreshHash"/>.</summary>
    public static string NewRefreshToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string RefreshHash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
