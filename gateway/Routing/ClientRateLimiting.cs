using System.Threading.RateLimiting;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.Gateway.Routing;

/// <summary>
/// Fixed-window limit per caller: a channel or script that floods the gateway gets 429s with Retry-After without
/// starving the others. Staff are told apart by the user of their (verified) token, everyone else by their network
/// address, never by a header they choose (a fresh header value per request would otherwise buy a fresh bucket); a
/// channel is limited by its code once its signature is verified, by the Channel-Connector. Sign-in has its own,
/// tighter limit per address.
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
                CallerKey(context),
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
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return new ValueTask(Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests from this caller; slow down and try again after Retry-After seconds").ExecuteAsync(rejected.HttpContext));
            };
        });
        return builder;
    }

    public static string PartitionKey(HttpContext context) => $"ip:{context.Connection.RemoteIpAddress}";

    /// <summary>A signed-in member of staff by user name (their token verified), anyone else by address.</summary>
    public static string CallerKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(OmniRetail.ServiceDefaults.Staff.StaffClaims.Subject)?.Value is { } user
            ? $"user:{user}"
            : PartitionKey(context);
}
