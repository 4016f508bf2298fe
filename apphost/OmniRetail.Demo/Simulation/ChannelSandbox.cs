using System.Collections.Concurrent;
using System.Net;
using System.Text;
using OmniRetail.Demo.Gateway;
using OmniRetail.Demo.Seeding;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// Stands in for the demo channels' own APIs (Shopify's admin API, WooCommerce's REST API, the web shop's and the app's
/// callback), so the stack has somewhere to push stock and prices: it answers 200, checks the generic channels'
/// signatures (401 when wrong) and prints what each channel was last told.
/// </summary>
public sealed class ChannelSandbox(IReadOnlyDictionary<string, string> channelSecrets, Action<string> log) : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Requests, string Last)> _heard = new();

    /// <summary>The outbound settings a demo channel is registered with, pointing at the sandbox at <paramref name="baseUrl"/>.</summary>
    public static object OutboundFor(DemoChannel channel, string baseUrl) => channel.Kind switch
    {
        "shopify" => new { apiBaseUrl = $"{baseUrl.TrimEnd('/')}/{channel.Code}", accessToken = $"shpat_demo_{channel.Code}" },
        "woocommerce" => new { apiBaseUrl = $"{baseUrl.TrimEnd('/')}/{channel.Code}", consumerKey = "ck_demo", consumerSecret = "cs_demo" },
        _ => new { callbackUrl = $"{baseUrl.TrimEnd('/')}/{channel.Code}/omni/stock" },
    };

    /// <summary>Serves until <paramref name="stopping"/>.</summary>
    public async Task Run(int port, CancellationToken stopping)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        log($"channel sandbox listening on port {port}: the demo channels' stock and prices are pushed here");
        await Task.WhenAll(Serve(stopping), Report(stopping));
    }

    private async Task Serve(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && _listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            await Answer(context, stopping);
        }
    }

    private async Task Answer(HttpListenerContext context, CancellationToken stopping)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(stopping);
            var channel = context.Request.Url!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            var signature = context.Request.Headers["X-Omni-Signature"];
            var status = signature is not null && channelSecrets.TryGetValue(channel, out var secret) && signature != SignedRequests.OmniSignature(secret, body) ? 401 : 200;
            _heard.AddOrUpdate(channel, _ => (1, body), (_, heard) => (heard.Requests + 1, body));
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(Reply(context.Request)), stopping);
        }
        catch (Exception exception) when (exception is IOException or HttpListenerException)
        {
            log($"channel sandbox: a request broke off ({exception.Message})");
        }
        finally
        {
            context.Response.Close();
        }
    }

    private async Task Report(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(60));
        while (await timer.WaitForNextTickAsync(stopping).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
        {
            foreach (var (channel, (requests, last)) in _heard.OrderBy(h => h.Key))
            {
                log($"channel sandbox: {channel} heard {requests} pushes, the last {last}");
            }
        }
    }

    /// <summary>What Shopify answers the fulfilment calls with (its order's one open fulfillment order, the fulfillment it made); "{}" otherwise.</summary>
    private static string Reply(HttpListenerRequest request)
    {
        var path = request.Url!.AbsolutePath;
        var id = Math.Abs(path.GetHashCode(StringComparison.Ordinal)) % 1_000_000_000;
        return path.EndsWith("/fulfillment_orders.json", StringComparison.Ordinal) ? "{\"fulfillment_orders\":[{\"id\":" + id + ",\"status\":\"open\"}]}"
            : path.EndsWith("/fulfillments.json", StringComparison.Ordinal) ? "{\"fulfillment\":{\"id\":" + Random.Shared.Next(1, int.MaxValue) + ",\"status\":\"success\"}}"
            : "{}";
    }


    public void Dispose() => _listener.Close();
}
