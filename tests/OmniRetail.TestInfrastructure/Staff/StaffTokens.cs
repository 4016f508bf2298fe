using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.TestInfrastructure.Staff;

/// <summary>A staff token as the gateway issues it, for tests that call one service's API without the gateway.</summary>
public static class StaffTokens
{
    public static string Issue(string signingKey, string role, string user = "test-operator") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = StaffAuthOptions.Issuer,
        Audience = StaffAuthOptions.Issuer,
        Subject = new ClaimsIdentity([new Claim("sub", user), new Claim("role", role)]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new StaffAuthOptions { SigningKey = signingKey }.SecurityKey(), SecurityAlgorithms.HmacSha256),
    });
}
