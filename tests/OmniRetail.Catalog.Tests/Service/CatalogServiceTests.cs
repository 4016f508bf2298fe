using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using OmniRetail.Contracts.Channels;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Catalog.Tests.Service;

/// <summary>The real catalog on real PostgreSQL, RabbitMQ and Redis: the category tree, products, promotions, quotes and the cache.</summary>
// One Catalog host at a time on the shared broker: two would compete for the same queues.
[Collection("catalog service")]
public sealed class CatalogServiceTests(TestServers servers)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<ServiceHost<Program>> Start(string hint) =>
        await ServiceHost<Program>.StartAsync(servers, "catalog", hint, new Dictionary<string, string> { ["ConnectionStrings:redis"] = (await servers.Redis()).ConnectionString });

    [Fact]
    public async Task Products_are_filed_in_a_category_tree_updated_in_part_and_paged_by_category_and_text()
    {
        await using var catalog = await Start("catalog_products");
        await catalog.Post("/api/catalog/categories", new { code = "apparel", name = "Apparel" });
        await catalog.Post("/api/catalog/categories", new { code = "tops", name = "Tops", parent = "apparel" });
        await catalog.Post("/api/catalog/categories", new { code = "home", name = "Home" });
        (await catalog.Refused(HttpMethod.Post, "/api/catalog/categories", new { code = "apparel", name = "Apparel", parent = "tops" })).Problem["errors"]!["parent"].ShouldNotBeNull();
        (await catalog.GetArray("/api/catalog/categories")).Single(c => c!["code"]!.GetValue<string>() == "TOPS")!["path"]!.AsArray()
            .Select(p => p!.GetValue<string>()).ShouldBe(["APPAREL", "TOPS"]);

        await catalog.Post("/api/catalog/products", new { sku = "tee-m", name = "Tee", price = 20m, currency = "EUR", categories = new[] { "tops" }, brand = "Acme", gtin = "4006381333931" });
        await catalog.Post("/api/catalog/products", new { sku = "cap-1", name = "Cap", price = 15m, currency = "EUR", categories = new[] { "apparel" } });
        await catalog.Post("/api/catalog/products", new { sku = "mug-1", name = "Stoneware mug", price = 10m, currency = "EUR", categories = new[] { "home" } });

        var updated = await catalog.Put("/api/catalog/products/TEE-M", new { costPrice = 8m, weightGrams = 200, attributes = new Dictionary<string, string> { ["colour"] = "navy" } });
        (updated["name"]!.GetValue<string>(), updated["brand"]!.GetValue<string>(), updated["costPrice"]!.GetValue<decimal>(), updated["status"]!.GetValue<string>()).ShouldBe(("Tee", "Acme", 8m, "active"));
        updated["attributes"]!["colour"]!.GetValue<string>().ShouldBe("navy");
        (await catalog.Refused(HttpMethod.Put, "/api/catalog/products/TEE-M", new { gtin = "4006381333932", status = "gone", categories = new[] { "nope" } }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["gtin", "status", "categories[0]"], ignoreOrder: true);
        (await catalog.Refused(HttpMethod.Put, "/api/catalog/products/NO-SUCH", new { name = "x" })).Status.ShouldBe(404);

        Skus(await catalog.Get("/api/catalog/products?category=apparel")).ShouldBe(["CAP-1", "TEE-M"]);
        Skus(await catalog.Get("/api/catalog/products?q=stoneware")).ShouldBe(["MUG-1"]);
        var first = await catalog.Get("/api/catalog/products?limit=2");
        Skus(first).ShouldBe(["CAP-1", "MUG-1"]);
        Skus(await catalog.Get($"/api/catalog/products?limit=2&cursor={first["nextCursor"]!.GetValue<string>()}")).ShouldBe(["TEE-M"]);
        (await catalog.Refused(HttpMethod.Get, "/api/catalog/products?category=nope", null)).Problem["errors"]!["category"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_quote_applies_the_promotions_in_force_on_the_channel_at_its_moment_over_the_channels_price()
    {
        await using var catalog = await Start("catalog_quotes");
        await catalog.Post("/api/catalog/categories", new { code = "apparel", name = "Apparel" });
        await catalog.Post("/api/catalog/products", new { sku = "TEE", name = "Tee", price = 20m, currency = "EUR", categories = new[] { "apparel" } });
        await catalog.Post("/api/catalog/products", new { sku = "MUG", name = "Mug", price = 10m, currency = "EUR" });
        var (start, end) = (new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc));
        await catalog.Post("/api/catalog/promotions", new
        {
            code = "SUMMER10", name = "Summer", startsAt = start, endsAt = end, categories = new[] { "apparel" }, discount = new { kind = "percent", value = 10 }, priority = 1,
        });
        await catalog.Post("/api/catalog/promotions", new
        {
            code = "APP5", name = "App only", startsAt = start, endsAt = end, channels = new[] { "app" }, discount = new { kind = "amount", value = 5 }, stackable = true,
        });
        await catalog.Post("/api/catalog/promotions", new
        {
            code = "MUGS", name = "Three mugs for two", startsAt = start, endsAt = end, skus = new[] { "MUG" }, discount = new { kind = "buyXGetY", buy = 2, get = 1 },
        });
        (await catalog.Refused(HttpMethod.Post, "/api/catalog/promotions", new
        {
            code = "BAD", name = "Bad", startsAt = end, endsAt = start, skus = new[] { "NOPE" }, discount = new { kind = "buyXGetY", buy = 0, get = 1 },
        })).Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["endsAt", "skus[0]", "discount.buy"], ignoreOrder: true);

        // Web shop, 15 June: TEE 2 × 20 = 40, 10% off = 36; MUG 3 × 10 = 30, one free = 20. Total 56.
        var web = await catalog.Post("/api/catalog/quotes", new { channel = "web", at = new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc), lines = new object[] { new { sku = "tee", quantity = 2 }, new { sku = "MUG", quantity = 3 } } });
        Line(web, 0).ShouldBe(("TEE", 20m, 20m, "SUMMER10", 4m, 36m));
        Line(web, 1).ShouldBe(("MUG", 10m, 10m, "MUGS", 10m, 20m));
        web["total"]!.GetValue<decimal>().ShouldBe(56m);

        // The app also gets APP5, stackable: 5 off each TEE on what is left (36 − 10 = 26).
        var app = await catalog.Post("/api/catalog/quotes", new { channel = "app", at = new DateTime(2026, 6, 15, 0, 0, 0, DateTimeKind.Utc), lines = new[] { new { sku = "TEE", quantity = 2 } } });
        Line(app, 0).ShouldBe(("TEE", 20m, 20m, "SUMMER10,APP5", 14m, 26m));

        // Before the window nothing applies; the channel's own price (announced by the channel connector) replaces the list price.
        await catalog.Bus.Publish(new ChannelListingChanged { ChannelCode = "web", Sku = "TEE", Listed = true, Price = 18m, ChangedAt = DateTime.UtcNow }, Cancel);
        await Eventually.Holds(async () =>
            {
                var may = await catalog.Post("/api/catalog/quotes", new { channel = "web", at = new DateTime(2026, 5, 31, 0, 0, 0, DateTimeKind.Utc), lines = new[] { new { sku = "TEE", quantity = 2 } } });
                return Line(may, 0) == ("TEE", 20m, 18m, "", 0m, 36m);
            }, TimeSpan.FromSeconds(20), () => Task.FromResult("the channel price never applied"));

        (await catalog.Refused(HttpMethod.Post, "/api/catalog/quotes", new { channel = "web", lines = new object[] { new { sku = "NOPE", quantity = 1 }, new { sku = "TEE", quantity = 0 } } }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["lines[1].quantity"]);
        (await catalog.Refused(HttpMethod.Post, "/api/catalog/quotes", new { channel = "web", lines = new[] { new { sku = "NOPE", quantity = 1 } } }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["lines[0].sku"]);
        var covering = await catalog.GetArray("/api/catalog/promotions?sku=TEE&activeAt=2026-06-15T00:00:00Z");
        covering.Select(p => p!["code"]!.GetValue<string>()).ShouldBe(["SUMMER10", "APP5"]);
        (await catalog.Get("/api/catalog/promotions/mugs"))["discount"]!["buy"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Product_reads_are_served_from_the_cache_and_a_change_is_seen_at_once()
    {
        await using var catalog = await Start("catalog_cache");
        var (hits, misses) = (0L, 0L);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "omniretail.catalog.cache.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var outcome = tags.ToArray().Single(t => t.Key == "outcome").Value as string;
            _ = outcome == "hit" ? Interlocked.Add(ref hits, value) : Interlocked.Add(ref misses, value);
        });
        listener.Start();
        await catalog.Post("/api/catalog/products", new { sku = "CACHED", name = "Before", price = 1m, currency = "EUR" });

        for (var i = 0; i < 5; i++)
        {
            (await catalog.Get("/api/catalog/products/CACHED"))["name"]!.GetValue<string>().ShouldBe("Before");
        }

        var (hitsBefore, missesBefore) = (Interlocked.Read(ref hits), Interlocked.Read(ref misses));
        hitsBefore.ShouldBeGreaterThanOrEqualTo(4);
        await catalog.Put("/api/catalog/products/CACHED", new { name = "After" });
        (await catalog.Get("/api/catalog/products/CACHED"))["name"]!.GetValue<string>().ShouldBe("After");
        Interlocked.Read(ref misses).ShouldBeGreaterThan(missesBefore, "the change removed the cached product");
    }

    private static List<string> Skus(JsonObject page) => page["items"]!.AsArray().Select(p => p!["sku"]!.GetValue<string>()).ToList();

    private static (string, decimal, decimal, string, decimal, decimal) Line(JsonObject quote, int index)
    {
        var line = quote["lines"]![index]!;
        return (line["sku"]!.GetValue<string>(), line["listPrice"]!.GetValue<decimal>(), line["channelPrice"]!.GetValue<decimal>(),
            string.Join(",", line["promotions"]!.AsArray().Select(p => p!.GetValue<string>())), line["discount"]!.GetValue<decimal>(), line["netAmount"]!.GetValue<decimal>());
    }
}
