using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using OmniRetail.Demo.Gateway;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.EndToEnd.Tests.Backbone;

/// <summary>
/// What an operator's script and a channel integrator do, through the gateway only: sign in, set up
/// warehouses, products and channels, post signed orders, and read orders and stock back.
/// </summary>
public sealed class BackboneClient : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly StaffClient _staff;

    private BackboneClient(StaffClient staff) => _staff = staff;

    public HttpClient Http => _staff.Http;

    /// <summary>The signed-in admin's client, for any staff endpoint.</summary>
    public StaffClient Staff => _staff;

    public static async Task<BackboneClient> SignIn(WholeStack stack) =>
        new(await StaffClient.SignIn(stack.AdminSession, CancellationToken.None, TimeSpan.FromSeconds(60)));

    public Task Warehouse(string code, string country, string region) =>
        _staff.Post("/api/inventory/warehouses", new { code, name = $"Warehouse {code}", country, region });

    public Task Product(string sku, decimal price) =>
        _staff.Post("/api/catalog/products", new { sku, name = $"Product {sku}", price, currency = "EUR" });

    public Task Receive(string warehouse, string sku, int quantity) =>
        _staff.Post("/api/inventory/receipts", new { warehouse, sku, quantity, reference = $"PO-{Guid.NewGuid():N}" });

    public Task Channel(string code, string kind, string secret, params string[] warehousePriorities) =>
        _staff.Post("/api/channels", new { code, name = $"Channel {code}", kind, secret, warehousePriorities });

    /// <summary>
    /// Two carriers serving DE that any test may ship with (registered once; a second call finds them): test-dhl/paket
    /// (2 days, 5.00) and test-ups/standard (3 days, 6.00), each up to 100 kg.
    /// </summary>
    public async Task TestCarriers()
    {
        foreach (var (code, service, days, price) in new[] { ("test-dhl", "paket", 2, 5.00m), ("test-ups", "standard", 3, 6.00m) })
        {
            using var response = await Http.PostAsJsonAsync("/api/carriers", new
            {
                code, name = code.ToUpperInvariant(), trackingUrlTemplate = $"https://{code}.example/track/{{trackingNumber}}", secret = $"{code}-secret-0123456789",
                services = new[] { new { code = service, name = service, countries = new[] { "DE" }, transitDays = days, rates = new[] { new { maxWeightGrams = 100_000, price, currency = "EUR" } } } },
            });
            if (response.StatusCode != System.Net.HttpStatusCode.Conflict)
            {
                response.EnsureSuccessStatusCode();
            }
        }
    }

    /// <summary>
    /// A web shop of its own for one test: a warehouse in DE stocked with the SKUs (each at 10.00, learnt by the Order
    /// service), the test carriers, and a generic channel selling from that warehouse.
    /// </summary>
    public async Task ShopWithStock(string channel, string secret, string warehouse, params (string Sku, int OnHand)[] stock)
    {
        await Warehouse(warehouse, "DE", "EU-Central");
        foreach (var (sku, onHand) in stock)
        {
            await Product(sku, 10m);
            await Receive(warehouse, sku, onHand);
            await OrderServiceLearns(sku);
        }

        await TestCarriers();
        await Staff.Post("/api/channels", new { code = channel, name = "Web shop", kind = "generic", secret, warehousePriorities = new[] { warehouse } });
    }

    /// <summary>Waits until the Order service has learned the SKU from Catalog's event, so orders for it pass review.</summary>
    public Task OrderServiceLearns(string sku) =>
        Eventually.Holds(async () => await _staff.Get($"/api/orders/known-products/{sku}") is not null, Patience,
            () => Task.FromResult($"the Order service never learned {sku}"));

    /// <summary>Waits until the SKU's stock (totals, or one warehouse's) is as expected.</summary>
    public Task StockIs(string sku, int onHand, int reserved, string? warehouse = null) =>
        Eventually.Holds(async () =>
            {
                var stock = await Stock(sku);
                var level = warehouse is null ? stock : stock["warehouses"]!.AsArray().Single(w => w!["warehouse"]!.GetValue<string>() == warehouse)!;
                return level["onHand"]!.GetValue<int>() == onHand && level["reserved"]!.GetValue<int>() == reserved;
            }, Patience,
            async () => $"expected {warehouse ?? "in total"} on hand {onHand}, reserved {reserved}; stock is {(await Stock(sku)).ToJsonString()}");

    public async Task<JsonObject> Stock(string sku) => (await _staff.Get($"/api/inventory/skus/{sku}"))!.AsObject();

    public async Task<List<Guid>> BackorderQueue(string sku) =>
        (await _staff.Get($"/api/inventory/backorders?sku={sku}&limit=500"))!["items"]!.AsArray().Select(b => b!["orderId"]!.GetValue<Guid>()).ToList();

    /// <summary>
    /// Inventory's ledger check finds nothing wrong, now: the promises hold at every commit, so any snapshot must keep
    /// them, whatever other tests are doing meanwhile.
    /// </summary>
    public async Task InvariantsHold()
    {
        var report = (await _staff.Get("/api/inventory/invariants"))!;
        report["violations"]!.AsArray().ShouldBeEmpty($"the stock ledger breaks its promises: {report.ToJsonString()}");
    }

    /// <summary>The order an exceptions-queue entry is about; null for an entry about no single order.</summary>
    public static Guid? OrderIdOf(JsonNode? exception) => exception?["orderId"]?.GetValue<Guid>();

    public async Task<JsonObject> Exceptions(string query = "") => (await _staff.Get($"/api/orders/exceptions{query}"))!.AsObject();

    public async Task<JsonObject?> Order(Guid id) => (await _staff.Get($"/api/orders/{id}"))?.AsObject();

    public async Task<HttpResponseMessage> FindOrder(string channel, string externalId) =>
        await Http.GetAsync($"/api/orders?channel={channel}&externalId={Uri.EscapeDataString(externalId)}");

    /// <summary>Waits until the order exists and its status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonObject> OrderReaches(Guid id, params string[] statuses)
    {
        JsonObject? order = null;
        await Eventually.Holds(async () => (order = await Order(id)) is not null && statuses.Contains(order["status"]!.GetValue<string>()), Patience,
            () => Task.FromResult($"order {id} did not reach {string.Join("/", statuses)}: {order?.ToJsonString() ?? "not found"}"));
        return order!;
    }

    // Channel side: unauthenticated, signed requests.

    public Task<HttpResponseMessage> PostGeneric(string channel, string secret, string body, string? idempotencyKey = null, string? signature = null) =>
        Send(SignedRequests.Generic(channel, secret, body, idempotencyKey, signature));

    public Task<HttpResponseMessage> PostShopify(string channel, string secret, string body, string topic, string webhookId) =>
        Send(SignedRequests.Shopify(channel, secret, body, topic, webhookId));

    public Task<HttpResponseMessage> PostWooCommerce(string channel, string secret, string body, string topic, string deliveryId) =>
        Send(SignedRequests.WooCommerce(channel, secret, body, topic, deliveryId));

    public static async Task<Guid> AcceptedOrderId(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>();
    }

    public static string GenericOrder(string externalId, string sku, int quantity, decimal unitPrice, string payment = "paid", string country = "DE") =>
        GenericOrder(externalId, [(sku, quantity)], unitPrice, payment, country);

    /// <summary>An order in the generic format, every line at <paramref name="unitPrice"/>, the payment matching the lines.</summary>
    public static string GenericOrder(
        string externalId, (string Sku, int Quantity)[] lines, decimal unitPrice, string payment = "paid", string country = "DE") =>
        JsonSerializer.Serialize(new
        {
            externalId,
            placedAt = DateTimeOffset.UtcNow,
            currency = "EUR",
            // A phone of each order's own: one phone on every test order would make all of them one customer.
            customer = new { email = $"{externalId}@example.com", name = "Erika Mustermann", phone = $"+49 30 {(uint)externalId.GetHashCode() % 10_000_000:D7}" },
            shippingAddress = new { name = "Erika Mustermann", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117", country },
            lines = lines.Select(line => new { sku = line.Sku, quantity = line.Quantity, unitPrice }),
            payment = new { status = payment, amount = lines.Sum(line => line.Quantity) * unitPrice },
        });

    public void Dispose() => Http.Dispose();

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        using (request)
        {
            return await Http.SendAsync(request);
        }
    }
}
