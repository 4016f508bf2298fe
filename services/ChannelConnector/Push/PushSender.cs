using System.Net;
using System.Net.Sockets;
using OmniRetail.ChannelConnector.Outbound;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>One try of a request, as the sync log shows it.</summary>
public sealed record PushAttempt(DateTime At, string Status, int Attempt);

public enum PushSettlement
{
    /// <summary>The channel took the value (2xx).</summary>
    Accepted,

    /// <summary>The channel refused it for good (4xx other than 408 and 429), or it could not be sent at all: it is not sent again.</summary>
    Refused,

    /// <summary>The channel failed (429, 5xx, timeout, network): the value stays pending and is tried again after a while.</summary>
    Failed,
}

/// <param name="Body">What the channel answered, when it accepted (the ids some APIs hand back).</param>
public sealed record PushResult(PushSettlement Settlement, IReadOnlyList<PushAttempt> Attempts, TimeSpan? RetryAfter, string? Body = null);

/// <summary>
/// Sends one request with a few quick retries (Polly: exponential backoff with jitter, a wait the channel asks for with
/// Retry-After when it is short, a timeout per try). When the channel keeps failing the value goes back to the durable
/// queue with a longer wait (<see cref="PushWorkers"/>), so a channel that is down for minutes holds no request open.
/// </summary>
public sealed class PushSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "channel-push";

    /// <summary>A wait the channel asks for beyond this is not waited out in process: the value is queued until then.</summary>
    public static readonly TimeSpan LongestQuickRetry = TimeSpan.FromSeconds(4);

    private static readonly ResiliencePipeline<HttpResponseMessage> Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException { InnerException: OutboundAddressRefusedException } } => false,
                { Exception: HttpRequestException or TimeoutRejectedException } => true,
                { Result: { } response } => IsTransient(response.StatusCode) && !(RetryAfter(response) > LongestQuickRetry),
                _ => false,
            }),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(250),
            MaxDelay = LongestQuickRetry,
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response) : null),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    public async Task<PushResult> Send(ChannelRequest request, int failedBefore, CancellationToken cancellationToken)
    {
        var attempts = new List<PushAttempt>();
        if (request.Skipped is { } reason)
        {
            return new PushResult(PushSettlement.Refused, [new PushAttempt(clock.GetUtcNow().UtcDateTime, reason, failedBefore + 1)], null);
        }

        var client = clients.CreateClient(ClientName);
        try
        {
            using var response = await Pipeline.ExecuteAsync(async token =>
            {
                var at = clock.GetUtcNow().UtcDateTime;
                var number = failedBefore + attempts.Count + 1;
                try
                {
                    using var message = request.ToMessage();
                    var answer = await client.SendAsync(message, token);
                    attempts.Add(new PushAttempt(at, ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), number));
                    return answer;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    attempts.Add(new PushAttempt(at, "timeout", number));
                    throw;
                }
                catch (HttpRequestException exception)
                {
                    attempts.Add(new PushAttempt(at, Describe(exception), number));
                    throw;
                }
            }, cancellationToken);
            var settlement = response.IsSuccessStatusCode ? PushSettlement.Accepted : IsTransient(response.StatusCode) ? PushSettlement.Failed : PushSettlement.Refused;
            var body = settlement == PushSettlement.Accepted ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
            return new PushResult(settlement, attempts, RetryAfter(response), body);
        }
        catch (HttpRequestException exception) when (exception.InnerException is OutboundAddressRefusedException)
        {
            return new PushResult(PushSettlement.Refused, attempts, null);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException)
        {
            return new PushResult(PushSettlement.Failed, attempts, null);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>What went wrong, in at most the sync log's 300 characters.</summary>
    private static string Describe(HttpRequestException exception)
    {
        var described = exception.InnerException is OutboundAddressRefusedException refused
            ? $"refused: {refused.Message}"
            : $"network: {exception.HttpRequestError} ({(exception.InnerException ?? exception).Message})";
        return described.Length > 300 ? described[..300] : described;
    }
}

/// <summary>The push client would reach an address it may not (the connection is never opened).</summary>
public sealed class OutboundAddressRefusedException(string message) : Exception(message);

/// <summary>
/// Connects the push client, refusing outside Development any host that resolves to a loopback, link-local or private
/// address unless it is allow-listed: what <see cref="OutboundUrlRule"/> checks in the URL, checked again on the addresses
/// the name resolves to when the request is made.
/// </summary>
public sealed class OutboundConnectGuard(OutboundUrlRule rule)
{
    public async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!rule.MayReachInternal(host))
        {
            addresses = addresses.Where(address => !OutboundUrlRule.IsInternal(address)).ToArray();
            if (addresses.Length == 0)
            {
                throw new OutboundAddressRefusedException($"{host} resolves only to loopback, link-local or private addresses");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
