using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OmniRetail.ChannelConnector.Intake;

public sealed class ChannelRateLimitOptions
{
    public const string Section = "Channels:RateLimit";

    /// <summary>Signed requests one channel may make per second (each instance of the service counts its own).</summary>
    public int PermitsPerSecond { get; set; } = 1_000;
}

/// <summary>
/// A channel's requests are counted by its code once their signature is verified, so a flood of forged requests cannot
/// spend a real channel's allowance, and one channel flooding delays no other. Over the limit: 429 with Retry-After.
/// </summary>
public sealed class ChannelRateLimit(IOptions<ChannelRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(code => RateLimitPartition.GetFixedWindowLimiter(code,
        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.PermitsPerSecond, Window = TimeSpan.FromSeconds(1), QueueLimit = 0 }));

    /// <summary>Null when the request may go on, else the refusal.</summary>
    public IResult? Admit(string channelCode)
    {
        using var lease = _limiter.AttemptAcquire(channelCode);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        return new TooManyRequests(retryAfter);
    }

    public void Dispose() => _limiter.Dispose();

    private sealed class TooManyRequests(int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests from this channel; try again after Retry-After seconds")
                .ExecuteAsync(httpContext);
        }
    }
}
