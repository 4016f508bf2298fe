using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OmniRetail.TestInfrastructure;

/// <summary>A request a <see cref="ChannelStandIn"/> received, exactly as it came.</summary>
public sealed record ReceivedRequest(long Ticks, DateTime At, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredWith)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A real HTTP server standing in for a channel's API (Shopify, WooCommerce, a generic callback): it records every
/// request with its path, headers and raw body, and answers what the test says (200 unless told otherwise).
/// </summary>
public sealed class ChannelStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _inFlight;
    private int _mostInFlight;

    private ChannelStandIn(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>What to answer a request (given with its raw body): a status and an optional Retry-After in seconds.</summary>
    public Func<HttpRequest, string, (int Status, int? RetryAfterSeconds)> Answer { get; set; } = (_, _) => (200, null);

    /// <summary>The body to answer a request with (given with its raw body); "{}" unless the test says otherwise.</summary>
    public Func<HttpRequest, string, string> Reply { get; set; } = (_, _) => "{}";

    /// <summary>How long the channel takes to answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The most requests that were in flight at once since the server started.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public IReadOnlyList<ReceivedRequest> Accepted => [.. _requests.Where(r => r.AnsweredWith is >= 200 and < 300)];

    public static async Task<ChannelStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new ChannelStandIn(app);
        app.Run(standIn.Handle);
        await app.StartAsync();
        standIn.BaseUrl = app.Urls.Single();
        return standIn;
    }

    private async Task Handle(HttpContext context)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var most = Volatile.Read(ref _mostInFlight); inFlight > most; most = Volatile.Read(ref _mostInFlight))
        {
            if (Interlocked.CompareExchange(ref _mostInFlight, inFlight, most) == most)
            {
                break;
            }
        }

        try
        {
            var ticks = Stopwatch.GetTimestamp();
            var at = DateTime.UtcNow;
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }

            var (status, retryAfter) = Answer(context.Request, body);
            _requests.Enqueue(new ReceivedRequest(ticks, at, context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, status));
            context.Response.StatusCode = status;
            if (retryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Reply(context.Request, body));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public void Clear() => _requests.Clear();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
