using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.Demo.Gateway;

namespace OmniRetail.Demo.Seeding;

/// <summary>
/// The loyalty programme, and one customer's story across three channels so that the Customer service has something to
/// show without the simulator: Erika orders in the web shop and the app (her e-mail written two ways) and at the Berlin
/// till (only her phone), so she is one customer with three channels; both parcels are delivered (points, surveys, one
/// answered), she gives marketing consent, asks about a parcel (a ticket, answered and resolved) and returns one item
/// for a refund. Loaded once: a second run finds her and changes nothing.
/// </summary>
public sealed class DemoCustomers(StaffClient staff, HttpClient gateway, IReadOnlyDictionary<string, string> channelSecrets, Action<string> log)
{
    public const string Email = "erika.mustermann@example.com";

    /// <summary>What she buys in the web shop and returns one of.</summary>
    public const string WebSku = "TEE-S";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static object Program => new
    {
        pointsPerUnit = 1m, expiryMonths = 24,
        tiers = new[] { new { name = "Bronze", minPoints = 0L }, new { name = "Silver", minPoints = 200L }, new { name = "Gold", minPoints = 1000L } },
    };

    public async Task Seed(CancellationToken cancellationToken)
    {
        await staff.Put("/api/loyalty/program", Program, cancellationToken);
        log("loyalty programme: 1 point per euro, Bronze / Silver from 200 / Gold from 1000 points, points expire after 24 months");
        if (await staff.Get($"/api/customers?email={Email}", cancellationToken) is not null)
        {
            log($"demo customer {Email} already there");
            return;
        }

        // Three different amounts: the same customer's equal orders within minutes would be held as likely duplicates.
        var web = await Order("webshop", "Erika.Mustermann@Example.com", "+49 30 1234567", WebSku, cancellationToken);
        var app = await Order("mobile-app", Email + " ", null, "MUG-GREEN", cancellationToken);
        await Order("store-berlin", null, "030 1234567", "CANDLE-FIG", cancellationToken);
        foreach (var order in new[] { web, app })
        {
            await Deliver(order, cancellationToken);
        }

        var customer = await Until(async () => await staff.Get($"/api/customers?email={Email}", cancellationToken) is JsonObject c && c["orderCount"]!.GetValue<int>() == 3 ? c : null,
            "the demo customer's three orders", cancellationToken);
        var id = customer["id"]!.GetValue<Guid>();
        await staff.Put($"/api/customers/{id}/consent", new { channel = "webshop", marketing = true, source = "web shop checkout opt-in" }, cancellationToken);

        var surveys = await Until(async () => await staff.Get($"/api/customers/{id}/surveys", cancellationToken) is JsonArray { Count: >= 3 } s ? s : null,
            "the delivery surveys", cancellationToken);
        foreach (var survey in surveys.OfType<JsonObject>().Where(s => s["orderId"]?.GetValue<Guid>() == web))
        {
            var score = survey["kind"]!.GetValue<string>() == "nps" ? 9 : 5;
            using var answered = await gateway.PostAsJsonAsync($"/api/surveys/{survey["token"]}", new { score, comment = "Quick and well packed" }, cancellationToken);
            answered.EnsureSuccessStatusCode();
        }

        var ticket = await staff.Post("/api/tickets", new
        {
            customerId = id, orderId = app, channel = "mobile-app", category = "delivery", priority = "normal",
            subject = "Parcel left with a neighbour", message = "The app says delivered, but I was not at home. Where is it?",
        }, cancellationToken);
        await staff.Post($"/api/tickets/{ticket["id"]}/messages", new { from = "staff", body = "The carrier left it with your neighbour at number 3." }, cancellationToken);
        await staff.Post($"/api/tickets/{ticket["id"]}/status", new { status = "Resolved" }, cancellationToken);

        var shipped = (await staff.Get($"/api/orders/{web}", cancellationToken))!["shipments"]![0]!;
        var refund = await staff.Post("/api/returns", new
        {
            orderId = web, resolution = "refund", lines = new[] { new { sku = WebSku, quantity = 1, reason = "colour not as pictured" } },
        }, cancellationToken);
        var refunded = await staff.Post($"/api/returns/{refund["id"]}/receipts", new
        {
            warehouse = shipped["warehouse"]!.GetValue<string>(), lines = new[] { new { sku = WebSku, quantity = 1, condition = "resellable" } },
        }, cancellationToken);
        // The return opened a ticket of its own; staff tell her the money is on its way and close it.
        await staff.Post($"/api/tickets/{refunded["ticketId"]}/messages", new { from = "staff", body = $"Refund of {refunded["refundAmount"]} EUR issued." }, cancellationToken);
        await staff.Post($"/api/tickets/{refunded["ticketId"]}/status", new { status = "Resolved" }, cancellationToken);
        await staff.Post("/api/customers/segments/recompute", new { }, cancellationToken);
        log($"demo customer {Email} ({id}): three channels, two deliveries, a survey answered, two tickets resolved, a return refunded; see GET /api/customers/{id}");
    }

    /// <summary>A one-line order at the catalog's quote for the channel, signed as the channel signs it.</summary>
    private async Task<Guid> Order(string channel, string? email, string? phone, string sku, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        using var quoted = await staff.Http.PostAsJsonAsync("/api/catalog/quotes", new { channel, at = now, lines = new[] { new { sku, quantity = 1 } } }, cancellationToken);
        var price = (await quoted.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["lines"]![0]!["netAmount"]!.GetValue<decimal>();
        var store = channel == "store-berlin";
        var body = JsonSerializer.Serialize(new
        {
            externalId = $"DEMO-ERIKA-{channel.ToUpperInvariant()}", placedAt = now, currency = DemoData.Currency,
            customer = new { email, name = "Erika Mustermann", phone },
            shippingAddress = store ? null : new { name = "Erika Mustermann", line1 = "Unter den Linden 1", city = "Berlin", region = "BE", postalCode = "10117", country = "DE" },
            lines = new[] { new { sku, quantity = 1, unitPrice = price } },
            payment = new { status = "paid", amount = price },
        }, JsonSerializerOptions.Web);
        using var request = SignedRequests.Generic(channel, channelSecrets[channel], body, idempotencyKey: $"demo-erika-{channel}");
        using var response = await gateway.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["orderId"]!.GetValue<Guid>();
    }

    /// <summary>
    /// Packed (the carrier service is chosen), shipped and delivered, as the warehouse and the carrier would: each step
    /// once the saga has taken the one before (they are asynchronous), until the order is delivered.
    /// </summary>
    private async Task Deliver(Guid order, CancellationToken cancellationToken) =>
        await Until(async () =>
        {
            if (await staff.Get($"/api/orders/{order}", cancellationToken) is not JsonObject current)
            {
                return null;
            }

            if (current["status"]!.GetValue<string>() == "Delivered")
            {
                return current;
            }

            foreach (var shipment in current["shipments"]!.AsArray().OfType<JsonObject>())
            {
                var path = $"/api/orders/{order}/shipments/{shipment["id"]}";
                (string Action, object Body)? step = shipment["status"]!.GetValue<string>() switch
                {
                    "Allocated" => (path + "/pack", new { }),
                    "Packed" when shipment["carrierService"] is JsonObject => (path + "/ship", new { trackingNumber = $"DEMO{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}" }),
                    "Shipped" => (path + "/deliver", new { }),
                    _ => null,
                };
                if (step is { } next)
                {
                    // Refused while the saga is still on the step before: asked again next round.
                    using var response = await staff.Http.PostAsJsonAsync(next.Action, next.Body, cancellationToken);
                }
            }

            return null;
        }, $"order {order} to be delivered", cancellationToken);

    private static async Task<T> Until<T>(Func<Task<T?>> probe, string what, CancellationToken cancellationToken) where T : class
    {
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < Patience)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        throw new TimeoutException($"Waited {Patience.TotalMinutes:0} minutes for {what}.");
    }
}
