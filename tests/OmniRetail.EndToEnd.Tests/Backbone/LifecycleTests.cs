using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>An order's life after intake, driven through the gateway as staff and channels drive it, with stock checked at every step.</summary>
public sealed class LifecycleTests(WholeStack stack)
{
    private const decimal UnitPrice = 12.50m;
    private const int Stocked = 5;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public async Task A_paid_order_is_invoiced_packed_shipped_with_tracking_and_delivered_and_its_stock_leaves_the_warehouse()
    {
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client);

        var orderId = await Place(client, channel, secret, "PAID", sku, 2, "paid");
        var order = await client.OrderReaches(orderId, "Allocated");
        var invoice = order["invoice"]!;
        invoice["number"]!.GetValue<string>().ShouldStartWith($"{DateTime.UtcNow.Year}-");
        invoice["total"]!.GetValue<decimal>().ShouldBe(2 * UnitPrice);
        invoice["lines"]![0]!["quantity"]!.GetValue<int>().ShouldBe(2);
        order["reservations"]!.AsArray().Sum(r => r!["quantity"]!.GetValue<int>()).ShouldBe(2);
        await client.StockIs(sku, onHand: Stocked, reserved: 2);
        var shipment = order["shipments"]![0]!["id"]!.GetValue<Guid>();

        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/pack");
        order = await client.OrderReaches(orderId, "Packed");
        // Packing chose a carrier service for DE (the test carriers serve it); shipping without naming one uses it.
        var chosen = order["shipments"]![0]!["carrierService"]!["carrier"]!.GetValue<string>();
        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/ship", new { trackingNumber = $"JD{_run}" });
        order = await client.OrderReaches(orderId, "Shipped");
        order["shipments"]![0]!["carrier"]!.GetValue<string>().ShouldBe(chosen);
        order["shipments"]![0]!["trackingNumber"]!.GetValue<string>().ShouldBe($"JD{_run}");
        await client.StockIs(sku, onHand: Stocked - 2, reserved: 0);

        using (var tooLate = await client.Http.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "changed my mind" }, TestContext.Current.CancellationToken))
        {
            tooLate.StatusCode.ShouldBe(HttpStatusCode.Conflict, "a shipped order cannot be cancelled");
        }

        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/deliver");
        order = await client.OrderReaches(orderId, "Delivered");
        Statuses(order).ShouldBe(["Received", "Reserving", "Allocated", "Packed", "Shipped", "Delivered"], ignoreOrder: false);
    }

    [Fact]
    public async Task Cancelling_an_allocated_order_releases_every_reserved_unit()
    {
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client);
        var orderId = await Place(client, channel, secret, "CANCEL", sku, 3, "paid");
        await client.OrderReaches(orderId, "Allocated");
        await client.StockIs(sku, onHand: Stocked, reserved: 3);

        await Act(client, $"/api/orders/{orderId}/cancel", new { reason = "customer called" });

        var order = await client.OrderReaches(orderId, "Cancelled");
        Timeline(order).Last()["cause"]!.GetValue<string>().ShouldContain("customer called");
        await client.StockIs(sku, onHand: Stocked, reserved: 0);
    }

    [Fact]
    public async Task An_unpaid_order_holds_its_stock_until_the_payment_deadline_then_releases_it()
    {
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client);
        var orderId = await Place(client, channel, secret, "UNPAID", sku, 1, "pending");
        await client.OrderReaches(orderId, "AwaitingPayment");
        await client.StockIs(sku, onHand: Stocked, reserved: 1);

        var order = await client.OrderReaches(orderId, "Cancelled");
        Timeline(order).Last()["cause"]!.GetValue<string>().ShouldContain("payment not confirmed");
        await client.StockIs(sku, onHand: Stocked, reserved: 0);
    }

    [Fact]
    public async Task An_order_whose_amount_does_not_match_its_lines_waits_on_hold_until_staff_release_it()
    {
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client);
        var body = JsonNode.Parse(GenericOrder($"{_run}-MISMATCH", sku, 1, UnitPrice))!;
        body["payment"]!["amount"] = 1m;
        using var response = await client.PostGeneric(channel, secret, body.ToJsonString());
        var orderId = await AcceptedOrderId(response);

        var order = await client.OrderReaches(orderId, "OnHold");
        order["exceptionReason"]!.GetValue<string>().ShouldContain("amount");
        await client.StockIs(sku, onHand: Stocked, reserved: 0);
        (await Exceptions(client)).ShouldContain(e => OrderIdOf(e) == orderId && e!["kind"]!.GetValue<string>() == "invalid-order");

        await Act(client, $"/api/orders/{orderId}/release");

        await client.OrderReaches(orderId, "Allocated");
        await client.StockIs(sku, onHand: Stocked, reserved: 1);
        (await Exceptions(client)).ShouldNotContain(e => OrderIdOf(e) == orderId);
    }

    [Fact]
    public async Task A_failed_delivery_waits_in_the_exceptions_queue_until_the_carrier_delivers()
    {
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client);
        var orderId = await Place(client, channel, secret, "FAILED", sku, 1, "cod");
        var shipment = (await client.OrderReaches(orderId, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();
        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/ship",
            new { carrier = "test-ups", service = "standard", overrideReason = "shipped straight from the shelf", trackingNumber = $"1Z{_run}" });
        await client.OrderReaches(orderId, "Shipped");

        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/delivery-failed", new { reason = "nobody home" });

        await client.OrderReaches(orderId, "DeliveryFailed");
        var exception = (await Exceptions(client)).Single(e => OrderIdOf(e) == orderId)!;
        exception["kind"]!.GetValue<string>().ShouldBe("delivery-problem");
        exception["reason"]!.GetValue<string>().ShouldContain("nobody home");

        await Act(client, $"/api/orders/{orderId}/shipments/{shipment}/deliver");
        await client.OrderReaches(orderId, "Delivered");
        (await Exceptions(client)).ShouldNotContain(e => OrderIdOf(e) == orderId);
    }

    /// <summary>A warehouse holding <see cref="Stocked"/> units of a new product, and a generic channel shipping from it.</summary>
    [Fact]
    public async Task Paid_orders_arriving_together_get_invoice_numbers_without_gaps_or_repeats()
    {
        const int Orders = 20;
        using var client = await SignIn(stack);
        var (sku, channel, secret) = await Scene(client, stocked: Orders);

        var orderIds = await Task.WhenAll(Enumerable.Range(0, Orders).Select(i => Place(client, channel, secret, $"INV{i}", sku, 1, "paid")));
        var numbers = new List<string>();
        foreach (var orderId in orderIds)
        {
            numbers.Add((await client.OrderReaches(orderId, "Allocated"))["invoice"]!["number"]!.GetValue<string>());
        }

        numbers.Distinct().Count().ShouldBe(Orders);
        numbers.ShouldAllBe(number => number.StartsWith($"{DateTime.UtcNow.Year}-"));
        // Across every test's orders, in one committed snapshot: the year's invoices are numbered exactly 1..counter.
        await using var database = await stack.OpenDatabaseAsync(ResourceNames.Service("order").Database, TestContext.Current.CancellationToken);
        await using var query = new NpgsqlCommand("""
            SELECT count(*), count(DISTINCT "Invoice"->>'number'), coalesce(min(split_part("Invoice"->>'number', '-', 2)::int), 0),
                   coalesce(max(split_part("Invoice"->>'number', '-', 2)::int), 0),
                   (SELECT "Last" FROM invoice_counters WHERE "Year" = @year)
            FROM orders WHERE "Invoice" IS NOT NULL AND left("Invoice"->>'issuedAt', 4)::int = @year
            """, database);
        query.Parameters.AddWithValue("year", DateTime.UtcNow.Year);
        await using var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        var (invoiced, distinct, first, last, counter) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        distinct.ShouldBe(invoiced, "every invoice has its own number");
        first.ShouldBe(1);
        last.ShouldBe((int)invoiced, "no gaps");
        counter.ShouldBe(last);
    }

    private async Task<(string Sku, string Channel, string Secret)> Scene(BackboneClient client, int stocked = Stocked)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var (sku, warehouse, channel) = ($"LIFE-{_run}-{suffix}", $"L{suffix}", $"life-{suffix.ToLowerInvariant()}");
        var secret = $"secret-{channel}-0123456789";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, UnitPrice);
        await client.Receive(warehouse, sku, stocked);
        await client.Channel(channel, "generic", secret, warehouse);
        await client.OrderServiceLearns(sku);
        await client.TestCarriers();
        return (sku, channel, secret);
    }

    private async Task<Guid> Place(BackboneClient client, string channel, string secret, string name, string sku, int quantity, string payment)
    {
        using var response = await client.PostGeneric(channel, secret, GenericOrder($"{_run}-{name}", sku, quantity, UnitPrice, payment));
        return await AcceptedOrderId(response);
    }

    private static async Task Act(BackboneClient client, string path, object? body = null)
    {
        using var response = await client.Http.PostAsJsonAsync(path, body ?? new { }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<JsonArray> Exceptions(BackboneClient client) =>
        (await client.Exceptions("?limit=500"))["items"]!.AsArray();

    private static IEnumerable<JsonNode> Timeline(JsonObject order) => order["timeline"]!.AsArray().Select(entry => entry!);

    private static string[] Statuses(JsonObject order) =>
        Timeline(order).Select(entry => entry["status"]!.GetValue<string>()).Distinct().ToArray();
}
