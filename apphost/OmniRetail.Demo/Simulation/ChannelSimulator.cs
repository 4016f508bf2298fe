using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using OmniRetail.Demo.Gateway;
using OmniRetail.Demo.Seeding;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// Posts realistic, signed orders from every demo channel through the gateway at a constant rate and
/// reports every ten seconds how many were accepted, refused or failed.
/// </summary>
/// <param name="pricing">A staff client for the catalog's quotes: generic and store baskets are priced as the web shop and the till would price them.</param>
public sealed class ChannelSimulator(HttpClient gateway, IReadOnlyDictionary<string, string> channelSecrets, Action<string> log, HttpClient? pricing = null)
{
    private readonly ChannelOrders _orders = new(Random.Shared);
    private readonly string _run = DateTime.UtcNow.ToString("yyyyMMddHHmmss");
    private readonly ConcurrentQueue<Guid> _accepted = new();
    private long _refused;
    private long _failed;

    /// <summary>The OmniRetail ids of the orders the gateway accepted so far.</summary>
    public IReadOnlyCollection<Guid> Accepted => _accepted;

    public long Refused => Interlocked.Read(ref _refused);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The first refusal's status and body: a simulator that sends what a channel would not is a bug worth seeing.</summary>
    public string? FirstRefusal { get; private set; }

    public async Task Run(double ordersPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        log($"simulating {ordersPerSecond:0.#} orders/s from {string.Join(", ", DemoData.Channels.Select(c => c.Code))}" +
            (duration == Timeout.InfiniteTimeSpan ? " until stopped" : $" for {duration}"));
        using var progress = new Timer(_ => Report(), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await ConstantRate.Run(ordersPerSecond, duration, PostOne, cancellationToken);
        Report();
    }

    private async Task PostOne(long sequence)
    {
        var channel = DemoData.Channels[(int)(sequence % DemoData.Channels.Count)];
        var secret = channelSecrets[channel.Code];
        var id = long.Parse($"{_run[4..]}{sequence:000000}");
        var now = DateTimeOffset.UtcNow;
        try
        {
            using var request = channel.Kind switch
            {
                "shopify" => SignedRequests.Shopify(channel.Code, secret, _orders.Shopify(channel, id, now), "orders/create", Guid.NewGuid().ToString()),
                "woocommerce" => SignedRequests.WooCommerce(channel.Code, secret, _orders.WooCommerce(channel, id, now), "order.created", Guid.NewGuid().ToString()),
                _ => SignedRequests.Generic(channel.Code, secret,
                    _orders.Generic(channel, $"{channel.Code.ToUpperInvariant()}-{id}", now, await Priced(channel, _orders.BasketFor(channel), now)),
                    idempotencyKey: $"{id}"),
            };
            using var response = await gateway.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                _accepted.Enqueue((await response.Content.ReadFromJsonAsync<AcceptedOrder>())!.OrderId);
                await ReportShoppers(channel, secret, id, now);
            }
            else if (Interlocked.Increment(ref _refused) == 1)
            {
                FirstRefusal = $"{channel.Code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                log($"refused: {FirstRefusal}");
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>
    /// What the shoppers did around the order, as the channel reports it: the buyer's session (a product viewed, put in
    /// the basket, checked out) and a few sessions that only looked; the till reports only its sale's session.
    /// </summary>
    private async Task ReportShoppers(DemoChannel channel, string secret, long id, DateTimeOffset now)
    {
        var sku = DemoData.Products[(int)(id % DemoData.Products.Count)].Sku;
        var buyer = $"{channel.Code}-{id}";
        var events = new List<object>
        {
            new { type = "session", sessionId = buyer, at = now.AddMinutes(-6) }, new { type = "productView", sessionId = buyer, sku, at = now.AddMinutes(-5) },
            new { type = "addToCart", sessionId = buyer, sku, at = now.AddMinutes(-3) }, new { type = "checkoutStarted", sessionId = buyer, at = now.AddMinutes(-1) },
        };
        var lookers = channel.Kind == "store" ? 0 : Random.Shared.Next(1, 5);
        for (var i = 0; i < lookers; i++)
        {
            events.Add(new { type = "session", sessionId = $"{buyer}-{i}", at = now.AddMinutes(-i - 2) });
            events.Add(new { type = "productView", sessionId = $"{buyer}-{i}", sku = DemoData.Products[Random.Shared.Next(DemoData.Products.Count)].Sku, at = now.AddMinutes(-i - 1) });
        }

        using var request = SignedRequests.Activity(channel.Code, secret, System.Text.Json.JsonSerializer.Serialize(new { events }, System.Text.Json.JsonSerializerOptions.Web));
        using var reported = await gateway.SendAsync(request);
    }

    /// <summary>The basket at the catalog's quote for the channel (each unit at its line's net amount ÷ quantity), or at list price without a pricing client.</summary>
    private async Task<GenericBasket> Priced(DemoChannel channel, GenericBasket basket, DateTimeOffset at)
    {
        if (pricing is null || basket.Lines.Any(l => l.Sku == ChannelOrders.DiscontinuedSku))
        {
            return basket;
        }

        using var response = await pricing.PostAsJsonAsync("/api/catalog/quotes",
            new { channel = channel.Code, at, lines = basket.Lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }) });
        if (!response.IsSuccessStatusCode || await response.Content.ReadFromJsonAsync<QuoteAnswer>() is not { } quote)
        {
            return basket;
        }

        return basket with
        {
            Lines = [.. basket.Lines.Zip(quote.Lines, (line, quoted) => line with { UnitPrice = Math.Round(quoted.NetAmount / quoted.Quantity, 2, MidpointRounding.AwayFromZero) })],
        };
    }

    private sealed record QuoteAnswer(IReadOnlyList<QuotedLine> Lines);

    private sealed record QuotedLine(int Quantity, decimal NetAmount);

    private void Report() => log($"orders accepted {_accepted.Count}, refused {Refused}, failed to send {Failed}");

    private sealed record AcceptedOrder(Guid OrderId);
}
