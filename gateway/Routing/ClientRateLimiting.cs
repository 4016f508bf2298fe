using System.Threading.RateLimiting;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.Gateway.Routing;

/// <summary>
/// Fixed-window limit per caller: a channel or script that floods the gateway gets 429s without
/// starving the others. Callers are told apart by their network address, never by a header they choose
/// (a fresh header value per request would otherwise buy a fresh bucket). Sign-in has its own, tighter limit.
/// </summary>
public static class ClientRateLimiting
{
    public const string PolicyName = "per-client";

    /// <summary>The public prefixes' policy (<see cref="ResourceNames.PublicRoutePrefixes"/>): a few requests a minute per caller.</summary>
    public const string PublicPolicyName = "public-per-client";

    /// <summary>Signing in and everything else under <c>/api/auth</c>: a few attempts per window per address, against password guessing.</summary>
    public const string SignInPolicyName = "sign-in";

    public const string SignInPrefix = "auth";

    public static string PolicyFor(string prefix) =>
        prefix == SignInPrefix ? SignInPolicyName : ResourceNames.PublicRoutePrefixes.Contains(prefix) ? PublicPolicyName : PolicyName;

    public static WebApplicationBuilder AddClientRateLimiting(this WebApplicationBuilder builder)
    {
        var permitsPerSecond = builder.Configuration.GetValue("Gateway:RateLimit:PermitsPerSecond", 5_000);
        var signIns = builder.Configuration.GetValue("Gateway:RateLimit:SignInsPerWindow", 60);
        var signInWindow = builder.Configuration.GetValue("Gateway:RateLimit:SignInWindow", TimeSpan.FromMinutes(1));
        var publicPerMinute = builder.Configuration.GetValue("Gateway:RateLimit:PublicPerMinute", 120);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permitsPerSecond,
                    Window = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            limiter.AddPolicy(PublicPolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = publicPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limiter.AddPolicy(SignInPolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionKey(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signIns, Window = signInWindow, QueueLimit = 0 }));
            limiter.OnRejected = (rejected, cancellationToken) => new ValueTask(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many requests from this address; slow down").ExecuteAsync(rejected.HttpContext));
        });
        return builder;
    }

    public static string PartitionKey(HttpContext context) => $"ip:{context.Connection.RemoteIpAddress}";
}
