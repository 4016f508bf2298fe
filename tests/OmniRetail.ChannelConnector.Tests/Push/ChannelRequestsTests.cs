using System.Security.Cryptography;
using System.Text;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Push;

namespace OmniRetail.ChannelConnector.Tests.Push;

/// <summary>Each channel's own API, request by request: method, URL, headers and the exact body.</summary>
public sealed class ChannelRequestsTests
{
    private static readonly DateTime At = new(2026, 12, 1, 10, 30, 0, DateTimeKind.Utc);

    private static PushedValues Values(bool stock = true, bool price = true) => new("SKU-1", 7, 11, stock, 19.5m, "EUR", 12, price, At);

    [Fact]
    public void Shopify_sets_the_inventory_level_then_the_variant_price()
    {
        var settings = new OutboundSettings("https://acme.myshopify.com/", "shpat_token", null, null, null);
        var listing = new Listing
        {
            ChannelCode = "shop", Sku = "SKU-1", Listed = true, ExternalInventoryItemId = "808950810", ExternalLocationId = "655441491", ExternalVariantId = "49148385",
        };

        var requests = ChannelRequests.For("shopify", settings, "secret", listing, Values());

        requests.Select(r => (r.Method.Method, r.Url, r.Body, r.Sequence)).ShouldBe([
            ("POST", "https://acme.myshopify.com/admin/api/2025-10/inventory_levels/set.json", """{"location_id":655441491,"inventory_item_id":808950810,"available":7}""", 11L),
            ("PUT", "https://acme.myshopify.com/admin/api/2025-10/variants/49148385.json", """{"variant":{"id":49148385,"price":"19.50"}}""", 12L),
        ]);
        requests.ShouldAllBe(r => r.Headers.Single().Key == "X-Shopify-Access-Token" && r.Headers.Single().Value == "shpat_token");
        using var message = requests[0].ToMessage();
        message.Headers.GetValues("X-Shopify-Access-Token").ShouldBe(["shpat_token"]);
        message.Content!.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Fact]
    public void Only_the_pending_values_are_sent_and_a_listing_without_the_channels_ids_is_skipped()
    {
        var settings = new OutboundSettings("https://acme.myshopify.com", "t", null, null, null);
        var listing = new Listing { ChannelCode = "shop", Sku = "SKU-1", ExternalVariantId = "5" };

        var requests = ChannelRequests.For("shopify", settings, "secret", listing, Values(stock: true, price: false));

        requests.Single().Skipped.ShouldBe("skipped: the listing has no externalInventoryItemId and externalLocationId");
        ChannelRequests.For("shopify", settings, "secret", listing, Values(stock: false, price: true)).Single().Url.ShouldEndWith("/variants/5.json");
    }

    [Fact]
    public void WooCommerce_puts_stock_and_regular_price_on_the_product_or_its_variation_with_basic_auth()
    {
        var settings = new OutboundSettings("https://shop.example/", null, "ck_key", "cs_secret", null);
        var variation = new Listing { ChannelCode = "woo", Sku = "SKU-1", ExternalProductId = "93", ExternalVariantId = "101" };
        var product = new Listing { ChannelCode = "woo", Sku = "SKU-1", ExternalProductId = "93" };

        var requests = ChannelRequests.For("woocommerce", settings, "secret", variation, Values());

        requests.Select(r => (r.Method.Method, r.Url, r.Body)).ShouldBe([
            ("PUT", "https://shop.example/wp-json/wc/v3/products/93/variations/101", """{"manage_stock":true,"stock_quantity":7}"""),
            ("PUT", "https://shop.example/wp-json/wc/v3/products/93/variations/101", """{"regular_price":"19.50"}"""),
        ]);
        using var message = requests[0].ToMessage();
        message.Headers.Authorization!.Scheme.ShouldBe("Basic");
        Encoding.UTF8.GetString(Convert.FromBase64String(message.Headers.Authorization.Parameter!)).ShouldBe("ck_key:cs_secret");
        ChannelRequests.For("woocommerce", settings, "secret", product, Values(price: false)).Single().Url.ShouldBe("https://shop.example/wp-json/wc/v3/products/93");
    }

    [Fact]
    public void Generic_posts_stock_and_price_in_one_signed_body_carrying_the_newest_sequence()
    {
        var settings = new OutboundSettings(null, null, null, null, "https://erp.example/omni/stock");
        const string secret = "generic-secret-0123456789";

        var request = ChannelRequests.For("generic", settings, secret, new Listing { ChannelCode = "erp", Sku = "SKU-1" }, Values()).Single();

        (request.Method.Method, request.Url, request.Sequence).ShouldBe(("POST", "https://erp.example/omni/stock", 12L));
        request.Kinds.ShouldBe(["stock", "price"]);
        request.Body.ShouldBe("""{"sku":"SKU-1","available":7,"price":19.5,"currency":"EUR","sequence":12,"at":"2026-12-01T10:30:00Z"}""");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(request.Body)));
        request.Headers.Single().ShouldBe(new KeyValuePair<string, string>("X-Omni-Signature", expected));
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 4.0)]
    [InlineData(5, 15.0)]
    [InlineData(40, 15.0)]
    public void A_channel_that_keeps_failing_waits_twice_as_long_each_round_up_to_fifteen_seconds(int failedRounds, double seconds)
    {
        var waits = Enumerable.Range(0, 200).Select(_ => PushWorkers.Backoff(failedRounds).TotalSeconds).ToList();

        waits.ShouldAllBe(w => w >= seconds * 0.8 && w <= seconds * 1.2);
        waits.Distinct().Count().ShouldBeGreaterThan(1);
    }
}
