using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Gateway.Auth;

/// <summary><c>POST /api/auth/token</c>: staff trade a user name and password for a JWT every service accepts.</summary>
public static class StaffSignIn
{
    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Role);

    public const string RateLimitPolicy = "sign-in";

    public static void MapStaffSignIn(this WebApplication app) =>
        app.MapPost("/api/auth/token", Issue).WithName("IssueStaffToken").AllowAnonymous().RequireRateLimiting(RateLimitPolicy)
            .WithSummary($"Trades a user name and password for a JWT; {SignInThrottle.MaxFailures} wrong passwords lock the user for {SignInThrottle.LockDuration.TotalMinutes:0} minutes (423)");

    private static IResult Issue(TokenRequest request, IOptions<StaffAuthOptions> options, SignInThrottle throttle, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(request.Username) ? "username" : "password"] = ["is required"],
            });
        }

        if (throttle.LockedUntil(request.Username) is { } until)
        {
            return Results.Problem(statusCode: StatusCodes.Status423Locked, title: "Too many wrong passwords: the user is locked",
                detail: $"Try again after {until:u}.", extensions: new Dictionary<string, object?> { ["lockedUntil"] = until });
        }

        var auth = options.Value;
        if (RoleOf(auth, request.Username, request.Password) is not { } role)
        {
            throttle.Failed(request.Username);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown user name or wrong password");
        }

        throttle.Succeeded(request.Username);
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = StaffAuthOptions.Issuer,
            Audience = StaffAuthOptions.Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", request.Username), new Claim("role", role)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.TokenLifetime,
            SigningCredentials = new SigningCredentials(auth.SecurityKey(), SecurityAlgorithms.HmacSha256),
        });
        return Results.Ok(new TokenResponse(token, "Bearer", (int)auth.TokenLifetime.TotalSeconds, role));
    }

    private static string? RoleOf(StaffAuthOptions auth, string username, string password)
    {
        if (username == StaffAuthOptions.AdminUsername)
        {
            return auth.AdminPassword is { Length: > 0 } admin && SamePassword(admin, password) ? StaffRoles.Admin : null;
        }

        return auth.Users.TryGetValue(username, out var account) && account.Password.Length > 0 && SamePassword(account.Password, password)
            && StaffRoles.All.Contains(account.Role)
            ? account.Role
            : null;
    }

    private static bool SamePassword(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
