using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>Channel intake as channels use it: signatures, bad input, unknown SKUs, and the same order delivered again and again.</summary>
public sealed class IntakeTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_wrong_or_missing_signature_is_refused_with_401_and_stores_nothing()
    {
        using var client = await SignIn(stack);
        var channel = $"web-{_run}";
        await client.Channel(channel, "generic", "the-right-secret-0123", []);
        var body = GenericOrder($"SIG-{_run}", "ANY-SKU", 1, 5m);

        using var wrong = await client.PostGeneric(channel, "a-wrong-secret-012345", body);
        using var missing = await client.PostGeneric(channel, "the-right-secret-0123", body, signature: "");
        using var unknownChannel = await client.PostGeneric($"nope-{_run}", "the-right-secret-0123", body);

        foreach (var response in new[] { wrong, missing, unknownChannel })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Missing or invalid signature");
        }

        await Task.Delay(1000, TestContext.Current.CancellationToken);
        using var lookup = await client.FindOrder(channel, $"SIG-{_run}");
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_order_gets_400_naming_each_wrong_field_and_stores_nothing()
    {
        using var client = await SignIn(stack);
        var channel = $"web-{_run}";
        const string secret = "malformed-secret-0123";
        await client.Channel(channel, "generic", secret, []);
        var body = JsonNode.Parse(GenericOrder($"BAD-{_run}", "ANY-SKU", 1, 5m))!.AsObject();
        body["lines"]![0]!["quantity"] = 0;
        body["currency"] = "EURO";
        body.Remove("customer");

        using var response = await client.PostGeneric(channel, secret, body.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        errors.ShouldBe(["customer", "lines[0].quantity", "currency"], ignoreOrder: true);
        problem["errors"]!["lines[0].quantity"]![0]!.GetValue<string>().ShouldBe("must be a positive whole number");
        using var lookup = await client.FindOrder(channel, $"BAD-{_run}");
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_order_for_an_unknown_sku_is_accepted_and_put_on_hold_naming_the_sku()
    {
        using var client = await SignIn(stack);
        var channel = $"web-{_run}";
        const string secret = "unknown-sku-secret-01";
        await client.Channel(channel, "generic", secret, []);

        using var response = await client.PostGeneric(channel, secret, GenericOrder($"UNK-{_run}", $"NO-SUCH-{_run}", 2, 5m));
        var orderId = await AcceptedOrderId(response);

        var order = await client.OrderReaches(orderId, "OnHold");
        order["exceptionReason"]!.GetValue<string>().ShouldBe($"Unknown SKU: NO-SUCH-{_run.ToUpperInvariant()}");
        var exceptions = (await client.Exceptions("?limit=500"))["items"]!.AsArray();
        exceptions!.Single(e => OrderIdOf(e) == orderId)!["kind"]!.GetValue<string>().ShouldBe("invalid-order");
    }

    [Fact]
    public async Task The_same_order_delivered_five_times_in_each_format_is_one_order()
    {
        using var client = await SignIn(stack);
        var generic = $"web-{_run}";
        var shopify = $"shop-{_run}";
        var woo = $"woo-{_run}";
        const string secret = "idempotency-secret-01";
        await client.Channel(generic, "generic", secret, []);
        await client.Channel(shopify, "shopify", secret, []);
        await client.Channel(woo, "woocommerce", secret, []);
        var externalId = $"{DateTime.UtcNow.Ticks}";
        var genericBody = GenericOrder($"DUP-{_run}", "ANY-SKU", 1, 5m);
        var shopifyBody = Sample("shopify-orders-create.json").Replace("5102938475610", externalId);
        var wooBody = Sample("woocommerce-order-created.json").Replace("\"id\": 4321", $"\"id\": {externalId}");

        var deliveries = new (string Channel, string ExternalId, Func<int, Task<HttpResponseMessage>> Deliver)[]
        {
            (generic, $"DUP-{_run}", i => client.PostGeneric(generic, secret, genericBody, idempotencyKey: $"key-{_run}")),
            (shopify, externalId, i => client.PostShopify(shopify, secret, shopifyBody, "orders/create", $"webhook-{_run}-{i % 2}")),
            (woo, externalId, i => client.PostWooCommerce(woo, secret, wooBody, "order.created", $"delivery-{_run}-{i % 2}")),
        };
        foreach (var (channel, id, deliver) in deliveries)
        {
            // Three at once (a channel's retry racing the original), then two late replays.
            var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i => await AcceptedOrderId(await deliver(i))));
            var late = new[] { await AcceptedOrderId(await deliver(3)), await AcceptedOrderId(await deliver(4)) };

            concurrent.Concat(late).Distinct().Count().ShouldBe(1, $"{channel} created more than one order");
            var order = await client.OrderReaches(concurrent[0], "Received", "OnHold", "Reserving", "Backordered", "AwaitingPayment", "Allocated");
            order["externalId"]!.GetValue<string>().ShouldBe(id);
            using var lookup = await client.FindOrder(channel, id);
            lookup.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_order_gets_409_naming_it_and_stores_nothing()
    {
        using var client = await SignIn(stack);
        var channel = $"web-{_run}";
        const string secret = "idempotency-key-secret-01";
        await client.Channel(channel, "generic", secret, []);
        var first = await AcceptedOrderId(await client.PostGeneric(channel, secret, GenericOrder($"KEY-A-{_run}", "ANY-SKU", 1, 5m), idempotencyKey: $"k-{_run}"));

        using var reused = await client.PostGeneric(channel, secret, GenericOrder($"KEY-B-{_run}", "ANY-SKU", 1, 5m), idempotencyKey: $"k-{_run}");
        var again = await AcceptedOrderId(await client.PostGeneric(channel, secret, GenericOrder($"KEY-A-{_run}", "ANY-SKU", 1, 5m), idempotencyKey: $"k-{_run}"));

        reused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        reused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await reused.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["field"]!.GetValue<string>().ShouldBe("Idempotency-Key");
        again.ShouldBe(first);
        using var lookup = await client.FindOrder(channel, $"KEY-B-{_run}");
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_channel_registered_again_with_a_new_secret_refuses_the_old_one_at_once()
    {
        using var client = await SignIn(stack);
        var channel = $"web-{_run}";
        await client.Channel(channel, "generic", "the-old-secret-012345", []);
        await AcceptedOrderId(await client.PostGeneric(channel, "the-old-secret-012345", GenericOrder($"ROT-1-{_run}", "ANY-SKU", 1, 5m)));

        await client.Channel(channel, "generic", "the-new-secret-012345", []);
        using var old = await client.PostGeneric(channel, "the-old-secret-012345", GenericOrder($"ROT-2-{_run}", "ANY-SKU", 1, 5m));
        using var current = await client.PostGeneric(channel, "the-new-secret-012345", GenericOrder($"ROT-3-{_run}", "ANY-SKU", 1, 5m));

        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        current.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Backbone", "Samples", name));
}
