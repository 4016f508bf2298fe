using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using OmniRetail.Demo.Gateway;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Channels;

/// <summary>A carrier's signed tracking events move its shipments through the saga: in order, out of order and twice.</summary>
public sealed class TrackingEventTests(WholeStack stack)
{
    private const string CarrierSecret = "tracking-carrier-secret-0123456789";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delivered_delivers_the_order_a_late_older_event_changes_nothing_and_the_same_event_twice_counts_once()
    {
        using var client = await SignIn(stack);
        await using var webshop = await ChannelStandIn.StartAsync();
        var carrier = await Scene(client);
        var (order, tracking, _) = await ShippedOrderWithToken(client, carrier, "D", callbackUrl: $"{webshop.BaseUrl}/omni/orders");
        var t0 = DateTimeOffset.UtcNow.AddHours(-5);

        var onTheWay = Events((tracking, "in_transit", t0.AddHours(1), "Berlin"), (tracking, "out_for_delivery", t0.AddHours(3), "Potsdam"));
        (await Post(carrier, onTheWay)).ShouldBe((2, 0, 0));
        (await Post(carrier, onTheWay)).ShouldBe((0, 2, 0), "the same events again count once");
        (await Post(carrier, Events((tracking, "delivered", t0.AddHours(4), "Potsdam"), ($"NOPE-{_run}", "in_transit", t0, null)))).ShouldBe((1, 0, 1));
        var delivered = await client.OrderReaches(order, "Delivered");

        // An older scan arriving now joins the timeline and changes no status.
        (await Post(carrier, Events((tracking, "in_transit", t0.AddHours(2), "Leipzig")))).ShouldBe((1, 0, 0));
        await Eventually.Holds(async () => Timeline(await client.Order(order)).Any(c => c.Contains("Leipzig", StringComparison.Ordinal)), Patience,
            () => Task.FromResult("the late scan never joined the timeline"));
        (await client.Order(order))!["status"]!.GetValue<string>().ShouldBe("Delivered");
        Timeline(delivered).ShouldContain(c => c.Contains("out for delivery at Potsdam", StringComparison.Ordinal));

        // The web shop heard both, in order, from the channel connector.
        await Eventually.Holds(() => Task.FromResult(webshop.Accepted.Count == 2), Patience, () => Task.FromResult($"the web shop heard {webshop.Requests.Count}"));
        webshop.Accepted.Select(r => r.Json["type"]!.GetValue<string>()).ShouldBe(["order.shipped", "order.delivered"]);
        var told = webshop.Accepted[1].Json["shipments"]![0]!;
        (told["carrier"]!.GetValue<string>(), told["trackingNumber"]!.GetValue<string>(), told["trackingUrl"]!.GetValue<string>())
            .ShouldBe(("Track Post", tracking, $"https://track.example/{tracking}"));
    }

    [Fact]
    public async Task A_failed_attempt_is_a_delivery_problem_until_the_carrier_delivers_and_bad_events_are_refused()
    {
        using var client = await SignIn(stack);
        var carrier = await Scene(client);
        var (order, tracking) = await ShippedOrder(client, carrier, "F");
        var t0 = DateTimeOffset.UtcNow.AddHours(-3);

        (await Post(carrier, Events((tracking, "failed_attempt", t0, "Hamburg")))).ShouldBe((1, 0, 0));
        (await client.OrderReaches(order, "DeliveryFailed"))["exceptionReason"]!.GetValue<string>().ShouldContain("failed attempt");
        (await Post(carrier, Events((tracking, "delivered", t0.AddHours(2), "Hamburg")))).ShouldBe((1, 0, 0));
        await client.OrderReaches(order, "Delivered");

        var body = JsonSerializer.Serialize(new { events = new[] { new { trackingNumber = tracking, status = "lost", at = t0 } } });
        using (var unsigned = await Send(carrier, body, "sha256=00"))
        {
            unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var bad = await Send(carrier, body, Sign(body));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["events[0].status"]);
    }

    [Fact]
    public async Task A_shopper_follows_the_order_by_its_token_without_signing_in_and_sees_no_personal_data()
    {
        using var client = await SignIn(stack);
        var carrier = await Scene(client);
        var (order, tracking, token) = await ShippedOrderWithToken(client, carrier, "S");
        (await Post(carrier, Events((tracking, "in_transit", DateTimeOffset.UtcNow.AddMinutes(-5), "Berlin hub")))).ShouldBe((1, 0, 0));
        await Eventually.Holds(async () => Timeline(await client.Order(order)).Any(c => c.Contains("Berlin hub", StringComparison.Ordinal)), Patience,
            () => Task.FromResult("the scan never reached the order"));

        using var shopper = stack.App.CreateHttpClient(OmniRetail.ServiceDefaults.ResourceNames.Gateway);
        using var response = await shopper.GetAsync($"/api/tracking/{token}", Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var view = JsonNode.Parse(text)!.AsObject();
        (view["status"]!.GetValue<string>(), view["text"]!.GetValue<string>()).ShouldBe(("Shipped", "On its way"));
        (view["destination"]!["city"]!.GetValue<string>(), view["destination"]!["country"]!.GetValue<string>()).ShouldBe(("Berlin", "DE"));
        var parcel = view["shipments"]![0]!;
        (parcel["carrier"]!.GetValue<string>(), parcel["trackingNumber"]!.GetValue<string>(), parcel["trackingUrl"]!.GetValue<string>())
            .ShouldBe(("Track Post", tracking, $"https://track.example/{tracking}"));
        parcel["scans"]!.AsArray().Select(e => e!["location"]!.GetValue<string>()).ShouldBe(["Berlin hub"]);
        view["timeline"]!.AsArray().Select(e => e!["status"]!.GetValue<string>()).ShouldContain("Shipped");
        foreach (var personal in new[] { "Erika", "Mustermann", "@example.com", "+49", "Unter den Linden", "10117" })
        {
            text.ShouldNotContain(personal, Case.Insensitive);
        }

        foreach (var wrong in new[] { token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), "short", new string('x', 200), "%25%25" })
        {
            using var miss = await shopper.GetAsync($"/api/tracking/{wrong}", Cancel);
            miss.StatusCode.ShouldBe(HttpStatusCode.NotFound, wrong);
        }
    }

    private async Task<string> Scene(BackboneClient client)
    {
        var carrier = $"track-{_run}";
        await client.Staff.Post("/api/carriers", new
        {
            code = carrier, name = "Track Post", trackingUrlTemplate = "https://track.example/{trackingNumber}", secret = CarrierSecret,
            services = new[] { new { code = "parcel", name = "Parcel", countries = new[] { "DE" }, transitDays = 2, rates = new[] { new { maxWeightGrams = 100_000, price = 5m, currency = "EUR" } } } },
        }, Cancel);
        return carrier;
    }

    private async Task<(Guid Order, string Tracking)> ShippedOrder(BackboneClient client, string carrier, string name)
    {
        var (order, tracking, _) = await ShippedOrderWithToken(client, carrier, name);
        return (order, tracking);
    }

    private async Task<(Guid Order, string Tracking, string Token)> ShippedOrderWithToken(BackboneClient client, string carrier, string name, string? callbackUrl = null)
    {
        var (warehouse, sku, channel) = ($"T{_run.ToUpperInvariant()}{name}", $"TRACK-{_run}-{name}", $"track-{_run}-{name.ToLowerInvariant()}");
        const string secret = "secret-tracking-0123456789";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 10m);
        await client.Receive(warehouse, sku, 5);
        await client.OrderServiceLearns(sku);
        await client.Staff.Post("/api/channels", new { code = channel, name = "Web shop", kind = "generic", secret, warehousePriorities = new[] { warehouse }, callbackUrl }, Cancel);
        using var response = await client.PostGeneric(channel, secret, GenericOrder($"{_run}-{name}", sku, 1, 10m));
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["trackingToken"]!.GetValue<string>();
        var order = await AcceptedOrderId(response);
        var shipment = (await client.OrderReaches(order, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();
        var tracking = $"TRK{_run}{name}".ToUpperInvariant();
        using var shipped = await client.Http.PostAsJsonAsync($"/api/orders/{order}/shipments/{shipment}/ship",
            new { carrier, service = "parcel", overrideReason = "shipped unpacked in the test", trackingNumber = tracking }, Cancel);
        shipped.StatusCode.ShouldBe(HttpStatusCode.Accepted, await shipped.Content.ReadAsStringAsync(Cancel));
        await client.OrderReaches(order, "Shipped");
        return (order, tracking, token);
    }

    private static string Events(params (string TrackingNumber, string Status, DateTimeOffset At, string? Location)[] events) =>
        JsonSerializer.Serialize(new { events = events.Select(e => new { trackingNumber = e.TrackingNumber, status = e.Status, at = e.At, location = e.Location }) });

    private async Task<(int Accepted, int Duplicates, int Unknown)> Post(string carrier, string body)
    {
        using var response = await Send(carrier, body, Sign(body));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Cancel));
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        return (answer["accepted"]!.GetValue<int>(), answer["duplicates"]!.GetValue<int>(), answer["unknown"]!.GetValue<int>());
    }

    private async Task<HttpResponseMessage> Send(string carrier, string body, string signature)
    {
        // Unauthenticated: the carrier signs, it does not sign in.
        using var http = stack.App.CreateHttpClient(OmniRetail.ServiceDefaults.ResourceNames.Gateway);
        using var request = SignedRequests.CarrierEvents(carrier, CarrierSecret, body, signature);
        return await http.SendAsync(request, Cancel);
    }

    private static string Sign(string body) => SignedRequests.OmniSignature(CarrierSecret, body);

    private static List<string> Timeline(JsonObject? order) => order!["timeline"]!.AsArray().Select(e => e!["cause"]!.GetValue<string>()).ToList();
}
