using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Channels;

/// <summary>Packing a shipment chooses its carrier service from the registered carriers, the parcel's weight and the channel's promise.</summary>
public sealed class CarrierChoiceTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_packed_shipment_gets_the_cheapest_service_within_the_promise_and_one_nothing_fits_is_a_delivery_problem_until_staff_choose()
    {
        using var client = await SignIn(stack);
        var (warehouse, light, heavy, channel) = ($"C{_run.ToUpperInvariant()}", $"LIGHT-{_run}", $"HEAVY-{_run}", $"promise-{_run}");
        const string secret = "secret-carrier-0123456789";
        // Luxembourg, served only by this test's carriers: slow-post (4 days, 3.00 up to 2 kg) and fast-post (1 day, 9.00 up to 2 kg).
        foreach (var (code, days, price) in new[] { ($"slow-{_run}", 4, 3.00m), ($"fast-{_run}", 1, 9.00m) })
        {
            await client.Staff.Post("/api/carriers", new
            {
                code, name = code, trackingUrlTemplate = "https://post.example/t/{trackingNumber}", secret = "carrier-secret-0123456789",
                services = new[] { new { code = "parcel", name = "Parcel", countries = new[] { "LU" }, transitDays = days, rates = new[] { new { maxWeightGrams = 2000, price, currency = "EUR" } } } },
            }, Cancel);
        }

        (await client.Http.PostAsJsonAsync("/api/carriers", new { code = $"slow-{_run}", name = "Again", trackingUrlTemplate = "https://x.example/{trackingNumber}", secret = "carrier-secret-0123456789",
            services = new[] { new { code = "p", name = "P", countries = new[] { "LU" }, transitDays = 1, rates = new[] { new { maxWeightGrams = 1, price = 1m, currency = "EUR" } } } } }, Cancel))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var refused = await client.Http.PostAsJsonAsync("/api/carriers", new { code = $"bad-{_run}", name = "Bad", trackingUrlTemplate = "https://x.example/", secret = "short",
            services = new[] { new { code = "p", name = "P", countries = new[] { "LUX" }, transitDays = -1, rates = Array.Empty<object>() } } }, Cancel);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]!.AsObject().Select(e => e.Key)
            .ShouldBe(["trackingUrlTemplate", "secret", "services[0].countries", "services[0].transitDays", "services[0].rates"], ignoreOrder: true);

        await client.Warehouse(warehouse, "LU", "EU-West");
        await client.Staff.Post("/api/catalog/products", new { sku = light, name = "Light", price = 10m, currency = "EUR", weightGrams = 500 }, Cancel);
        await client.Staff.Post("/api/catalog/products", new { sku = heavy, name = "Heavy", price = 10m, currency = "EUR", weightGrams = 3000 }, Cancel);
        await client.Receive(warehouse, light, 10);
        await client.Receive(warehouse, heavy, 10);
        await client.OrderServiceLearns(light);
        await client.OrderServiceLearns(heavy);
        await client.Staff.Post("/api/channels", new { code = channel, name = "Two-day promise", kind = "generic", secret, warehousePriorities = new[] { warehouse }, promisedDeliveryDays = 2 }, Cancel);

        // 2 × 500 g = 1 kg to LU with a 2-day promise: slow-post is cheaper but takes 4 days; fast-post keeps the promise.
        var kept = await PackedOrder(client, channel, secret, "KEPT", light, 2);
        var service = kept["shipments"]![0]!["carrierService"]!;
        (service["carrier"]!.GetValue<string>(), service["price"]!.GetValue<decimal>(), service["transitDays"]!.GetValue<int>(), service["promiseAtRisk"]!.GetValue<bool>())
            .ShouldBe(($"fast-{_run}", 9.00m, 1, false));
        kept["shipments"]![0]!["promiseAtRisk"]!.GetValue<bool>().ShouldBeFalse();
        await Ship(client, kept, new { trackingNumber = $"LU{_run}1" }, HttpStatusCode.Accepted);
        (await client.OrderReaches(Id(kept), "Shipped"))["shipments"]![0]!["carrier"]!.GetValue<string>().ShouldBe($"fast-{_run}");

        // 3 kg: no band takes it. A delivery problem; shipping needs a carrier, a service and a reason.
        var stranded = await PackedOrder(client, channel, secret, "HEAVY", heavy, 1);
        stranded["shipments"]![0]!["carrierService"].ShouldBeNull();
        await Eventually.Holds(async () => (await client.Exceptions("?limit=500"))["items"]!.AsArray()
                .Any(e => OrderIdOf(e) == Id(stranded) && e!["kind"]!.GetValue<string>() == "delivery-problem"),
            Patience, () => Task.FromResult("the stranded shipment never showed in the exceptions queue"));
        await Ship(client, stranded, new { trackingNumber = $"LU{_run}2" }, HttpStatusCode.Conflict);
        await Ship(client, stranded, new { carrier = $"slow-{_run}", service = "parcel", trackingNumber = $"LU{_run}2" }, HttpStatusCode.BadRequest);
        await Ship(client, stranded, new { carrier = $"slow-{_run}", service = "parcel", overrideReason = "freight by arrangement", trackingNumber = $"LU{_run}2" }, HttpStatusCode.Accepted);
        var shipped = await client.OrderReaches(Id(stranded), "Shipped");
        shipped["shipments"]![0]!["carrierService"]!["reason"]!.GetValue<string>().ShouldStartWith("chosen by staff: freight by arrangement");
        (await client.Exceptions("?limit=500"))["items"]!.AsArray().ShouldNotContain(e => OrderIdOf(e) == Id(stranded));
    }

    private async Task<JsonObject> PackedOrder(BackboneClient client, string channel, string secret, string name, string sku, int quantity)
    {
        using var response = await client.PostGeneric(channel, secret, GenericOrder($"{_run}-{name}", sku, quantity, 10m, country: "LU"));
        var id = await AcceptedOrderId(response);
        var shipment = (await client.OrderReaches(id, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();
        (await client.Http.PostAsync($"/api/orders/{id}/shipments/{shipment}/pack", null, Cancel)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        return await client.OrderReaches(id, "Packed");
    }

    private static async Task Ship(BackboneClient client, JsonObject order, object body, HttpStatusCode expected)
    {
        using var response = await client.Http.PostAsJsonAsync($"/api/orders/{Id(order)}/shipments/{order["shipments"]![0]!["id"]!.GetValue<Guid>()}/ship", body, Cancel);
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Cancel));
    }

    private static Guid Id(JsonObject order) => order["id"]!.GetValue<Guid>();
}
