using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
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
    private readonly HttpClient _http;

    private BackboneClient(HttpClient http) => _http = http;

    public HttpClient Http => _http;

    public static async Task<BackboneClient> SignIn(WholeStack stack)
    {
        var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        http.Timeout = TimeSpan.FromSeconds(60);
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = stack.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new BackboneClient(http);
    }

    public async Task Warehouse(string code, string country, string region) =>
        await Ok(await _http.PostAsJsonAsync("/api/inventory/warehouses", new { code, name = $"Warehouse {code}", country, region }));

    public async Task Product(string sku, decimal price) =>
        await Ok(await _http.PostAsJsonAsync("/api/catalog/products", new { sku, name = $"Product {sku}", price, currency = "EUR" }));

    public async Task Receive(string warehouse, string sku, int quantity) =>
        await Ok(await _http.PostAsJsonAsync("/api/inventory/receipts", new { warehouse, sku, quantity, reference = $"PO-{Guid.NewGuid():N}" }));

    public async Task Channel(string code, string kind, string secret, params string[] warehousePriorities) =>
        await Ok(await _http.PostAsJsonAsync("/api/channels", new { code, name = $"Channel {code}", kind, secret, warehousePriorities }));

    public async Task<bool> OrderServiceKnows(string sku)
    {
        using var response = await _http.GetAsync($"/api/orders/known-products/{sku}");
        return response.StatusCode == HttpStatusCode.OK;
    }

    public async Task<JsonObject> Stock(string sku) => (await _http.GetFromJsonAsync<JsonObject>($"/api/inventory/skus/{sku}"))!;

    public async Task<List<Guid>> BackorderQueue(string sku) =>
        (await _http.GetFromJsonAsync<JsonArray>($"/api/inventory/backorders?sku={sku}"))!.Select(b => b!["orderId"]!.GetValue<Guid>()).ToList();

    public async Task<JsonObject?> Order(Guid id)
    {
        using var response = await _http.GetAsync($"/api/orders/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await Ok(response)).AsObject();
    }

    public async Task<HttpResponseMessage> FindOrder(string channel, string externalId) =>
        await _http.GetAsync($"/api/orders?channel={channel}&externalId={Uri.EscapeDataString(externalId)}");

    /// <summary>Waits until the order exists and its status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonObject> OrderReaches(Guid id, params string[] statuses)
    {
        JsonObject? order = null;
        await Eventually.Holds(async () => (order = await Order(id)) is not null && statuses.Contains(order["status"]!.GetValue<string>()), Patience,
            () => Task.FromResult($"order {id} did not reach {string.Join("/", statuses)}: {order?.ToJsonString() ?? "not found"}"));
        return order!;
    }

    // Channel side: unauthenticated, signed requests.

    public Task<HttpResponseMessage> PostGeneric(string channel, string secret, string body, string? idempotencyKey = null, string? signature = null)
    {
        var request = Signed($"/api/channels/{channel}/orders", body);
        request.Headers.Add("X-Omni-Signature", signature ?? $"sha256={Convert.ToHexStringLower(Hmac(secret, body))}");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostShopify(string channel, string secret, string body, string topic, string webhookId)
    {
        var request = Signed($"/api/channels/{channel}/webhooks/shopify", body);
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(Hmac(secret, body)));
        return _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostWooCommerce(string channel, string secret, string body, string topic, string deliveryId)
    {
        var request = Signed($"/api/channels/{channel}/webhooks/woocommerce", body);
        request.Headers.Add("X-WC-Webhook-Topic", topic);
        request.Headers.Add("X-WC-Webhook-Delivery-ID", deliveryId);
        request.Headers.Add("X-WC-Webhook-Signature", Convert.ToBase64String(Hmac(secret, body)));
        return _http.SendAsync(request);
    }

    public static async Task<Guid> AcceptedOrderId(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["orderId"]!.GetValue<Guid>();
    }

    public static string GenericOrder(string externalId, string sku, int quantity, decimal unitPrice, string payment = "paid", string country = "DE") =>
        JsonSerializer.Serialize(new
        {
            externalId,
            placedAt = DateTimeOffset.UtcNow,
            currency = "EUR",
            customer = new { email = $"{externalId}@example.com", name = "Erika Mustermann", phone = "+49 30 1234567" },
            shippingAddress = new { name = "Erika Mustermann", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10117", country },
            lines = new[] { new { sku, quantity, unitPrice } },
            payment = new { status = payment, amount = quantity * unitPrice },
        });

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage Signed(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static byte[] Hmac(string secret, string body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body));

    private static async Task<JsonNode> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        return JsonNode.Parse(body is { Length: > 0 } ? body : "{}")!;
    }
}
