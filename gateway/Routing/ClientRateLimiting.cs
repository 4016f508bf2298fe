using System.Threading.RateLimiting;

namespace OmniRetail.Gateway.Routing;

/// <summary>
/// Fixed-window limit per caller: a channel or script that floods the gateway gets 429s without
/// starving the others. Callers are told apart by API key when they send one, else by address.
/// </summary>
public static class ClientRateLimiting
{
    public const string PolicyName = "per-client";

    public static WebApplicationBuilder AddClientRateLimiting(this WebApplicationBuilder builder)
    {
        var permitsPerSecond = builder.Configuration.GetValue("Gateway:RateLimit:PermitsPerSecond", 5_000);
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
        });
        return builder;
    }

    private static string PartitionKey(HttpContext context) =>
        context.Request.Headers["X-Api-Key"].FirstOrDefault() is { Length: > 0 } apiKey
            ? $"key:{apiKey}"
            : $"ip:{context.Connection.RemoteIpAddress}";
}
