using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Push;

/// <summary>
/// The real channel connector on real PostgreSQL and RabbitMQ, pushing to real HTTP servers standing in for Shopify,
/// WooCommerce and a generic channel; what those servers received is checked request by request.
/// </summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class PushServiceTests(TestServers servers)
{
    private const string Secret = "generic-secret-0123456789";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed class Rig(ServiceHost<Program> connector, ChannelStandIn shopify, ChannelStandIn woo, ChannelStandIn generic, string run) : IAsyncDisposable
    {
        public ServiceHost<Program> Connector { get; set; } = connector;

        public ChannelStandIn Shopify => shopify;

        public ChannelStandIn Woo => woo;

        public ChannelStandIn Generic => generic;

        public string ShopifyCode => $"shop-{run}";

        public string WooCode => $"woo-{run}";

        public string GenericCode => $"erp-{run}";

        public async ValueTask DisposeAsync()
        {
            await Connector.DisposeAsync();
            await shopify.DisposeAsync();
            await woo.DisposeAsync();
            await generic.DisposeAsync();
        }
    }

    /// <summary>Three channels selling from BER, one per kind, each with its stand-in, every given SKU listed on all three.</summary>
    private Task<Rig> Start(string hint, params string[] skus) => Start(hint, _ => { }, skus);

    /// <param name="answers">Sets how the stand-ins answer before anything is sent to them.</param>
    private async Task<Rig> Start(string hint, Action<Rig> answers, params string[] skus)
    {
        var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", hint);
        var rig = new Rig(connector, await ChannelStandIn.StartAsync(), await ChannelStandIn.StartAsync(), await ChannelStandIn.StartAsync(), _run);
        answers(rig);
        await connector.Post("/api/channels", new
        {
            code = rig.ShopifyCode, name = "Shopify", kind = "shopify", secret = Secret, warehousePriorities = new[] { "BER" },
            apiBaseUrl = rig.Shopify.BaseUrl, accessToken = "shpat_test_token",
        });
        await connector.Post("/api/channels", new
        {
            code = rig.WooCode, name = "Woo", kind = "woocommerce", secret = Secret, warehousePriorities = new[] { "BER" },
            apiBaseUrl = rig.Woo.BaseUrl, consumerKey = "ck_test", consumerSecret = "cs_test",
        });
        await connector.Post("/api/channels", new
        {
            code = rig.GenericCode, name = "ERP", kind = "generic", secret = Secret, warehousePriorities = new[] { "BER" }, callbackUrl = $"{rig.Generic.BaseUrl}/omni/stock",
        });
        var id = 1000;
        foreach (var sku in skus)
        {
            id++;
            await connector.Put($"/api/channels/{rig.ShopifyCode}/listings/{sku}", new
            {
                listed = true, externalProductId = $"{id}", externalVariantId = $"{id}1", externalInventoryItemId = $"{id}2", externalLocationId = "655441491",
            });
            await connector.Put($"/api/channels/{rig.WooCode}/listings/{sku}", new { listed = true, externalProductId = $"{id}", externalVariantId = $"{id}1" });
            await connector.Put($"/api/channels/{rig.GenericCode}/listings/{sku}", new { listed = true });
        }

        return rig;
    }

    [Fact]
    public async Task A_stock_change_and_a_price_change_reach_every_channel_in_its_own_API()
    {
        var sku = $"PUSH-{_run}".ToUpperInvariant();
        await using var rig = await Start("push_each_api", sku);
        await rig.Connector.Put($"/api/channels/{rig.WooCode}/exposure", new { percent = 50 });

        await rig.Connector.Bus.Publish(Position(sku, DateTime.UtcNow, ("BER", 30, 10), ("EWR", 99, 0)), Cancel);
        await rig.Connector.Bus.Publish(new ProductRegistered { Sku = sku, Name = "Mug", Price = 12.5m, Currency = "EUR", ChangedAt = DateTime.UtcNow }, Cancel);

        // Listing a SKU already told each channel it has none; these are the figures after the change.
        await Eventually.Holds(() => Task.FromResult(
                rig.Shopify.Accepted.Any(r => r.Method == "PUT") && rig.Shopify.Accepted.Any(r => r.Body.Contains("\"available\":20", StringComparison.Ordinal))
                && rig.Woo.Accepted.Any(r => r.Body.Contains("regular_price", StringComparison.Ordinal)) && rig.Woo.Accepted.Any(r => r.Body.Contains("\"stock_quantity\":10", StringComparison.Ordinal))
                && rig.Generic.Accepted.Any(r => r.Json["price"] is not null && r.Json["available"]!.GetValue<int>() == 20)),
            TimeSpan.FromSeconds(30), () => Task.FromResult($"shopify {rig.Shopify.Requests.Count}, woo {rig.Woo.Requests.Count}, generic {rig.Generic.Requests.Count}"));

        // Shopify: the inventory level at the listing's location, and the variant's price; the access token on each.
        var shopifyStock = rig.Shopify.Accepted.Last(r => r.Path.EndsWith("/inventory_levels/set.json", StringComparison.Ordinal));
        (shopifyStock.Method, shopifyStock.Path, shopifyStock.Header("X-Shopify-Access-Token")).ShouldBe(("POST", "/admin/api/2025-10/inventory_levels/set.json", "shpat_test_token"));
        shopifyStock.Body.ShouldBe("""{"location_id":655441491,"inventory_item_id":10012,"available":20}""");
        var shopifyPrice = rig.Shopify.Accepted.Single(r => r.Method == "PUT");
        (shopifyPrice.Path, shopifyPrice.Body).ShouldBe(("/admin/api/2025-10/variants/10011.json", """{"variant":{"id":10011,"price":"12.50"}}"""));

        // WooCommerce: half of BER's 20 on the variation, then its regular price; basic auth with the consumer key and secret.
        var wooStock = rig.Woo.Accepted.Last(r => r.Body.Contains("stock_quantity", StringComparison.Ordinal));
        (wooStock.Method, wooStock.Path, wooStock.Body).ShouldBe(("PUT", "/wp-json/wc/v3/products/1001/variations/10011", """{"manage_stock":true,"stock_quantity":10}"""));
        wooStock.Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ck_test:cs_test")));
        rig.Woo.Accepted.Single(r => r.Body.Contains("regular_price", StringComparison.Ordinal)).Body.ShouldBe("""{"regular_price":"12.50"}""");

        // Generic: one signed body with both, the sequence growing from one request to the next.
        var generic = rig.Generic.Accepted;
        generic.ShouldAllBe(r => r.Path == "/omni/stock" && r.Header("X-Omni-Signature") == Signature(r.Body));
        var last = generic[^1].Json;
        (last["sku"]!.GetValue<string>(), last["available"]!.GetValue<int>(), last["price"]!.GetValue<decimal>(), last["currency"]!.GetValue<string>()).ShouldBe((sku, 20, 12.5m, "EUR"));
        generic.Select(r => r.Json["sequence"]!.GetValue<long>()).ShouldBeInOrder(SortDirection.Ascending);
        generic.Select(r => r.Json["sequence"]!.GetValue<long>()).Distinct().Count().ShouldBe(generic.Count);

        await Eventually.Holds(async () => (await rig.Connector.Get($"/api/channels/{rig.WooCode}/availability/{sku}"))["lastPushedValue"]?.GetValue<int>() == 10,
            TimeSpan.FromSeconds(10), async () => (await rig.Connector.Get($"/api/channels/{rig.WooCode}/availability/{sku}")).ToJsonString());
        var log = (await rig.Connector.Get($"/api/channels/{rig.ShopifyCode}/sync-log?sku={sku}"))["items"]!.AsArray();
        log.Select(e => (e!["kind"]!.GetValue<string>(), e["status"]!.GetValue<string>(), e["attempt"]!.GetValue<int>())).ShouldContain(("price", "200", 1));
        log.First(e => e!["kind"]!.GetValue<string>() == "stock")!["value"]!.GetValue<string>().ShouldBe("20");
    }

    [Fact]
    public async Task A_thousand_changes_in_a_second_reach_a_channel_as_far_fewer_requests_one_at_a_time_ending_on_the_last_value()
    {
        var sku = $"BURST-{_run}".ToUpperInvariant();
        await using var rig = await Start("push_burst", sku);
        rig.Generic.Latency = TimeSpan.FromMilliseconds(20);
        var start = DateTime.UtcNow;

        // 1,000 positions a millisecond apart, published concurrently in four streams, the last one saying 1,000 on hand.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(stream => Task.Run(async () =>
        {
            for (var i = stream; i < 1000; i += 4)
            {
                await rig.Connector.Bus.Publish(Position(sku, start.AddMilliseconds(i), ("BER", i + 1, 0)), Cancel);
            }
        }, Cancel)));

        await Eventually.Holds(() => Task.FromResult(rig.Generic.Accepted.LastOrDefault()?.Json["available"]!.GetValue<int>() == 1000),
            TimeSpan.FromSeconds(30), () => Task.FromResult($"{rig.Generic.Requests.Count} requests, the last saying {rig.Generic.Requests.LastOrDefault()?.Body}"));
        await Task.Delay(1500, Cancel);

        var requests = rig.Generic.Requests;
        requests.Count.ShouldBeLessThan(100, "a burst coalesces to far fewer requests than changes");
        requests[^1].Json["available"]!.GetValue<int>().ShouldBe(1000);
        rig.Generic.MostInFlight.ShouldBe(1);
        requests.Select(r => r.Json["sequence"]!.GetValue<long>()).ShouldBeInOrder(SortDirection.Ascending);
        requests.Select(r => r.Json["available"]!.GetValue<int>()).ShouldBeInOrder(SortDirection.Ascending, "an older value never follows a newer one");
        rig.Shopify.Accepted.Last().Json["available"]!.GetValue<int>().ShouldBe(1000);
        rig.Woo.Accepted.Last().Json["stock_quantity"]!.GetValue<int>().ShouldBe(1000);
    }

    [Fact]
    public async Task A_channel_down_for_ten_seconds_gets_the_latest_value_after_and_the_other_channels_are_not_held_up()
    {
        var sku = $"DOWN-{_run}".ToUpperInvariant();
        await using var rig = await Start("push_outage", sku);
        var outageEnds = DateTime.UtcNow.AddSeconds(10);
        rig.Shopify.Answer = (_, _) => DateTime.UtcNow < outageEnds ? (503, null) : (200, null);
        var start = DateTime.UtcNow;

        for (var onHand = 1; onHand <= 5; onHand++)
        {
            await rig.Connector.Bus.Publish(Position(sku, start.AddMilliseconds(onHand), ("BER", onHand * 10, 0)), Cancel);
            await Task.Delay(1000, Cancel);
        }

        // Well inside the outage, the healthy channels already show the last value.
        DateTime.UtcNow.ShouldBeLessThan(outageEnds);
        await Eventually.Holds(() => Task.FromResult(rig.Woo.Accepted.LastOrDefault()?.Json["stock_quantity"]?.GetValue<int>() == 50
                                                     && rig.Generic.Accepted.LastOrDefault()?.Json["available"]?.GetValue<int>() == 50),
            TimeSpan.FromSeconds(3), () => Task.FromResult($"woo {rig.Woo.Accepted.LastOrDefault()?.Body}, generic {rig.Generic.Accepted.LastOrDefault()?.Body}"));
        DateTime.UtcNow.ShouldBeLessThan(outageEnds);

        await Eventually.Holds(() => Task.FromResult(rig.Shopify.Accepted.Any()), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"{rig.Shopify.Requests.Count} requests to Shopify, none accepted"));
        await Task.Delay(1500, Cancel);
        rig.Shopify.Accepted.ShouldHaveSingleItem().Json["available"]!.GetValue<int>().ShouldBe(50);
        rig.Shopify.Requests.Count(r => r.AnsweredWith == 503).ShouldBeGreaterThan(1);

        var log = (await rig.Connector.Get($"/api/channels/{rig.ShopifyCode}/sync-log?sku={sku}&limit=500"))["items"]!.AsArray()
            .Select(e => (Status: e!["status"]!.GetValue<string>(), Attempt: e["attempt"]!.GetValue<int>())).Reverse().ToList();
        log[^1].Status.ShouldBe("200");
        log.SkipLast(1).ShouldAllBe(e => e.Status == "503");
        log.Select(e => e.Attempt).ShouldBe(Enumerable.Range(1, log.Count), "the attempts count up while the channel keeps failing");
    }

    [Fact]
    public async Task Retry_after_is_honoured_and_a_refusal_is_logged_and_not_sent_again()
    {
        var (slow, gone) = ($"SLOW-{_run}".ToUpperInvariant(), $"GONE-{_run}".ToUpperInvariant());
        var throttled = 0;
        await using var rig = await Start("push_retry_after", rig =>
        {
            rig.Generic.Answer = (_, body) => body.Contains("\"available\":5", StringComparison.Ordinal) && Interlocked.Increment(ref throttled) == 1 ? (429, 2) : (200, null);
            rig.Woo.Answer = (request, _) => request.Path.Value!.Contains("/1002", StringComparison.Ordinal) ? (404, null) : (200, null);
        }, slow, gone);

        await rig.Connector.Bus.Publish(Position(slow, DateTime.UtcNow, ("BER", 5, 0)), Cancel);
        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).GetValueOrDefault(slow) == 5), TimeSpan.FromSeconds(20),
            () => Task.FromResult($"{rig.Generic.Requests.Count} requests"));
        var fives = rig.Generic.Requests.Where(r => r.Json["available"]!.GetValue<int>() == 5).ToList();
        var (first, second) = (fives[0], fives[1]);
        first.AnsweredWith.ShouldBe(429);
        (second.At - first.At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));

        await rig.Connector.Bus.Publish(Position(gone, DateTime.UtcNow, ("BER", 8, 0)), Cancel);
        await Eventually.Holds(async () => (await rig.Connector.Get($"/api/channels/{rig.WooCode}/sync-log?sku={gone}"))["items"]!.AsArray().Count > 1,
            TimeSpan.FromSeconds(20), () => Task.FromResult("nothing logged"));
        await Task.Delay(3000, Cancel);
        // Once when listed (0), once for the 8: each refused and not sent again.
        rig.Woo.Requests.Count(r => r.Path.Contains("/1002", StringComparison.Ordinal)).ShouldBe(2, "a 404 is the channel's answer, not a failure to retry");
        var entries = (await rig.Connector.Get($"/api/channels/{rig.WooCode}/sync-log?sku={gone}"))["items"]!.AsArray();
        entries.Select(e => (e!["kind"]!.GetValue<string>(), e["value"]!.GetValue<string>(), e["status"]!.GetValue<string>(), e["attempt"]!.GetValue<int>()))
            .ShouldBe([("stock", "8", "404", 1), ("stock", "0", "404", 1)]);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_burst_loses_nothing()
    {
        var skus = Enumerable.Range(1, 20).Select(i => $"RS{i}-{_run}".ToUpperInvariant()).ToArray();
        await using var rig = await Start("push_restart", skus);
        rig.Generic.Latency = TimeSpan.FromMilliseconds(50);
        var start = DateTime.UtcNow;

        for (var round = 1; round <= 5; round++)
        {
            foreach (var sku in skus)
            {
                await rig.Connector.Bus.Publish(Position(sku, start.AddMilliseconds(round), ("BER", round * 100, 0)), Cancel);
            }

            if (round == 3)
            {
                rig.Connector = await rig.Connector.RestartAsync();
            }
        }

        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).Count == skus.Length && LastAvailable(rig.Generic).Values.All(v => v == 500)),
            TimeSpan.FromSeconds(60), () => Task.FromResult(string.Join(", ", LastAvailable(rig.Generic).Select(p => $"{p.Key}={p.Value}"))));
        // Every channel ends on the last values, and nothing stays pending.
        await Eventually.Holds(async () => await rig.Connector.Read<ChannelDbContext, int>(db => db.Pushes.CountAsync(p => p.StockSequence > p.StockSettledSequence)) == 0,
            TimeSpan.FromSeconds(60), async () => $"{await rig.Connector.Read<ChannelDbContext, int>(db => db.Pushes.CountAsync(p => p.StockSequence > p.StockSettledSequence))} pending");
        rig.Shopify.Accepted.GroupBy(r => r.Json["inventory_item_id"]!.ToString()).Select(g => g.Last().Json["available"]!.GetValue<int>()).ShouldAllBe(v => v == 500);
        rig.Woo.Accepted.GroupBy(r => r.Path).Select(g => g.Last().Json["stock_quantity"]!.GetValue<int>()).ShouldAllBe(v => v == 500);
    }

    [Fact]
    public async Task A_sync_pushes_every_listed_sku_again_and_a_channel_without_outbound_settings_cannot_be_synced()
    {
        var skus = new[] { $"SY1-{_run}".ToUpperInvariant(), $"SY2-{_run}".ToUpperInvariant() };
        await using var rig = await Start("push_sync", skus);
        foreach (var sku in skus)
        {
            await rig.Connector.Bus.Publish(Position(sku, DateTime.UtcNow, ("BER", 4, 1)), Cancel);
        }

        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).Count == 2), TimeSpan.FromSeconds(20), () => Task.FromResult($"{rig.Generic.Requests.Count} requests"));
        await Task.Delay(500, Cancel);
        rig.Generic.Clear();

        var started = await rig.Connector.Post($"/api/channels/{rig.GenericCode}/sync", new { });

        started["listings"]!.GetValue<int>().ShouldBe(2);
        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).Count == 2), TimeSpan.FromSeconds(20), () => Task.FromResult($"{rig.Generic.Requests.Count} requests"));
        LastAvailable(rig.Generic).Values.ShouldAllBe(v => v == 3);

        await rig.Connector.Post("/api/channels", new { code = $"till-{_run}", name = "Till", kind = "store", secret = Secret, warehousePriorities = new[] { "BER" } });
        var (status, problem) = await rig.Connector.Refused(HttpMethod.Post, $"/api/channels/till-{_run}/sync", new { });
        status.ShouldBe(409);
        problem["errors"]!.AsObject().ContainsKey("code").ShouldBeTrue();
        (await rig.Connector.Refused(HttpMethod.Get, $"/api/channels/{rig.GenericCode}/sync-log?limit=0", null)).Problem["errors"]!.AsObject().ContainsKey("limit").ShouldBeTrue();
    }

    [Fact]
    public async Task Listing_fields_a_channel_needs_are_required_and_a_delisted_sku_is_shown_as_none()
    {
        var sku = $"DL-{_run}".ToUpperInvariant();
        await using var rig = await Start("push_listing", sku);
        await rig.Connector.Bus.Publish(Position(sku, DateTime.UtcNow, ("BER", 9, 0)), Cancel);
        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).GetValueOrDefault(sku) == 9), TimeSpan.FromSeconds(20), () => Task.FromResult("not pushed"));

        (await rig.Connector.Refused(HttpMethod.Put, $"/api/channels/{rig.ShopifyCode}/listings/{sku}", new { listed = true, externalVariantId = "1" }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["externalInventoryItemId", "externalLocationId"], ignoreOrder: true);
        (await rig.Connector.Refused(HttpMethod.Put, $"/api/channels/{rig.WooCode}/listings/{sku}", new { listed = true }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["externalProductId"]);

        await rig.Connector.Put($"/api/channels/{rig.GenericCode}/listings/{sku}", new { listed = false });
        await Eventually.Holds(() => Task.FromResult(LastAvailable(rig.Generic).GetValueOrDefault(sku) == 0), TimeSpan.FromSeconds(20), () => Task.FromResult("not told 0"));
    }

    private static Dictionary<string, int> LastAvailable(ChannelStandIn channel) =>
        channel.Accepted.GroupBy(r => r.Json["sku"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Last().Json["available"]!.GetValue<int>());

    private static string Signature(string body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private static StockAvailabilityChanged Position(string sku, DateTime asOf, params (string Warehouse, int OnHand, int Reserved)[] warehouses) => new()
    {
        Sku = sku, AsOf = asOf, Available = warehouses.Sum(w => w.OnHand - w.Reserved), OnHand = warehouses.Sum(w => w.OnHand), Reserved = warehouses.Sum(w => w.Reserved),
        Warehouses = warehouses.Select(w => new WarehousePosition { Warehouse = w.Warehouse, OnHand = w.OnHand, Reserved = w.Reserved }).ToList(),
    };
}
