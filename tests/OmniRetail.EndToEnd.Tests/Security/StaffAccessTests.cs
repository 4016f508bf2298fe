using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using OmniRetail.Demo.Gateway;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Security;

/// <summary>
/// Staff access across the stack, through the gateway only: tokens from the Identity service open the other services
/// (which fetch its public keys), a key rotation signs nobody out, roles are enforced per permission, and every staff
/// action lands in the one audit chain with who, from where and under which correlation id.
/// </summary>
public sealed class StaffAccessTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Anonymous() => stack.App.CreateHttpClient(ResourceNames.Gateway);

    private async Task<StaffSession> NewUser(string role, string[]? channels = null, string[]? warehouses = null, string? name = null)
    {
        using var admin = await SignIn(stack);
        var (username, initial, chosen) = ($"{name ?? role}-{_run}", $"Initial-{Guid.NewGuid():N}", $"Chosen-{Guid.NewGuid():N}");
        await admin.Staff.Post("/api/staff/users", new
        {
            username, displayName = $"A {role}", initialPassword = initial, roles = new[] { role }, channels = channels ?? [], warehouses = warehouses ?? [],
        }, Cancel);
        using var http = Anonymous();
        (await http.PostAsJsonAsync("/api/auth/password", new { username, currentPassword = initial, newPassword = chosen }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return new StaffSession(stack.App.GetEndpoint(ResourceNames.Gateway, "http"), username, chosen, totpSecret: null);
    }

    [Fact]
    public async Task A_rotated_signing_key_is_picked_up_by_every_service_and_the_old_tokens_keep_working()
    {
        using var admin = await SignIn(stack);
        var before = await stack.AdminSession.AccessToken(Cancel);
        var rotated = await admin.Staff.Post("/api/auth/signing-keys/rotate", new { }, Cancel);

        using var session = await NewUser("operator");
        var after = await session.AccessToken(Cancel);
        new JsonWebToken(after).Kid.ShouldBe(rotated["keyId"]!.GetValue<string>());
        new JsonWebToken(before).Kid.ShouldNotBe(new JsonWebToken(after).Kid);

        using var keys = await Anonymous().GetAsync("/.well-known/jwks.json", Cancel);
        var kids = (await keys.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToList();
        kids.ShouldContain(new JsonWebToken(before).Kid);
        kids.ShouldContain(new JsonWebToken(after).Kid);

        foreach (var path in new[] { "/api/inventory/warehouses", "/api/catalog/products?limit=1", "/api/orders/exceptions?limit=1", "/api/supply/suppliers" })
        {
            foreach (var token in new[] { before, after })
            {
                using var call = new HttpRequestMessage(HttpMethod.Get, path);
                call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await Anonymous().SendAsync(call, Cancel);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{path} with the {(token == before ? "old" : "new")} key");
            }
        }
    }

    [Fact]
    public async Task A_warehouse_user_gets_403_from_admin_and_operations_endpoints_and_every_attempt_is_on_the_record()
    {
        using var session = await NewUser("warehouse");
        using var http = session.Client();
        var correlation = $"e2e-{_run}";
        async Task<HttpStatusCode> Call(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Add("X-Correlation-Id", correlation);
            using var response = await http.SendAsync(request, Cancel);
            return response.StatusCode;
        }

        (await Call(HttpMethod.Get, "/api/inventory/warehouses")).ShouldBe(HttpStatusCode.OK);
        (await Call(HttpMethod.Post, "/api/staff/users", new { username = "sneaky", displayName = "x", initialPassword = "x", roles = new[] { "admin" } })).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(HttpMethod.Delete, $"/api/customers/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(HttpMethod.Post, "/api/catalog/products", new { sku = $"NO-{_run}", name = "x", price = 1m, currency = "EUR" })).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(HttpMethod.Get, "/api/audit")).ShouldBe(HttpStatusCode.Forbidden);
        (await Call(HttpMethod.Post, "/api/inventory/warehouses", new { code = "", name = "", country = "DE", region = "eu" })).ShouldBe(HttpStatusCode.Forbidden);

        using var admin = await SignIn(stack);
        List<JsonNode> mine = [];
        await Eventually.Holds(async () =>
        {
            mine = [.. (await admin.Staff.Get($"/api/audit?actor={session.Username}&limit=100", Cancel))!["items"]!.AsArray().Select(e => e!)];
            return mine.Count(e => e["correlationId"]?.GetValue<string>() == correlation) >= 4;
        }, TimeSpan.FromSeconds(30), () => Task.FromResult(string.Join("; ", mine.Select(e => e.ToJsonString()))));

        var attempts = mine.Where(e => e["correlationId"]?.GetValue<string>() == correlation).ToList();
        attempts.Select(e => (e["service"]!.GetValue<string>(), e["action"]!.GetValue<string>(), e["outcome"]!.GetValue<string>())).ShouldBe(
        [
            ("identity", "staff.user-created", "denied"), ("customer", "customers.erased", "denied"), ("catalog", "POST /api/catalog/products", "denied"),
            ("inventory", "POST /api/inventory/warehouses", "denied"),
        ], ignoreOrder: true);
        attempts.ShouldAllBe(e => e["roles"]!.AsArray().Single()!.GetValue<string>() == "warehouse" && e["clientAddress"] != null);
        (await admin.Staff.Get("/api/audit/verify", Cancel))!["valid"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Users_limited_to_other_channels_or_warehouses_get_404_for_an_order_and_its_shipments()
    {
        using var admin = await SignIn(stack);
        var (warehouse, sku, channel) = ($"S{_run.ToUpperInvariant()[..6]}", $"SCOPE-{_run}", $"scope-{_run}");
        const string secret = "secret-scopes-0123456789abcdef";
        await admin.ShopWithStock(channel, secret, warehouse, (sku, 5));
        using var accepted = await admin.PostGeneric(channel, secret, System.Text.Json.JsonSerializer.Serialize(new
        {
            externalId = $"{_run}-1", placedAt = DateTimeOffset.UtcNow, currency = "EUR",
            customer = new { email = $"scope.{_run}@example.com", name = "Erika Mustermann" },
            shippingAddress = new { name = "Erika Mustermann", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "DE" },
            lines = new[] { new { sku, quantity = 1, unitPrice = 10m } }, payment = new { status = "paid", amount = 10m },
        }));
        var order = await AcceptedOrderId(accepted);
        var shipment = (await admin.OrderReaches(order, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();

        using var ownChannel = await NewUser("operator", channels: [channel], name: "own-channel");
        using var otherChannel = await NewUser("operator", channels: ["some-other-channel"], name: "other-channel");
        using var otherWarehouse = await NewUser("warehouse", warehouses: ["NOWHERE"], name: "other-warehouse");
        using var ownWarehouse = await NewUser("warehouse", warehouses: [warehouse], name: "own-warehouse");
        async Task<HttpStatusCode> Status(StaffSession session, HttpMethod method, string path)
        {
            using var http = session.Client();
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? JsonContent.Create(new { }) : null };
            using var response = await http.SendAsync(request, Cancel);
            return response.StatusCode;
        }

        (await Status(ownChannel, HttpMethod.Get, $"/api/orders/{order}")).ShouldBe(HttpStatusCode.OK);
        (await Status(otherChannel, HttpMethod.Get, $"/api/orders/{order}")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(otherChannel, HttpMethod.Get, $"/api/orders?channel={channel}&externalId={_run}-1")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(otherChannel, HttpMethod.Post, $"/api/orders/{order}/cancel")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(otherChannel, HttpMethod.Get, $"/api/channels/{channel}/listings")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(otherWarehouse, HttpMethod.Get, $"/api/orders/{order}")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(otherWarehouse, HttpMethod.Post, $"/api/orders/{order}/shipments/{shipment}/pack")).ShouldBe(HttpStatusCode.NotFound);
        (await Status(ownWarehouse, HttpMethod.Get, $"/api/orders/{order}")).ShouldBe(HttpStatusCode.OK);
        (await Status(ownWarehouse, HttpMethod.Post, $"/api/orders/{order}/shipments/{shipment}/pack")).ShouldBe(HttpStatusCode.Accepted);
        await admin.OrderReaches(order, "Packed");
    }

    [Fact]
    public async Task An_operator_action_in_any_service_is_recorded_once_with_its_outcome()
    {
        using var session = await NewUser("operator");
        using var http = session.Client();
        var code = $"AU{_run}".ToUpperInvariant()[..8];
        (await http.PostAsJsonAsync("/api/inventory/warehouses", new { code, name = "Audit test", country = "DE", region = "eu" }, Cancel)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/inventory/warehouses", new { code = "", name = "", country = "DE", region = "eu" }, Cancel)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var admin = await SignIn(stack);
        List<JsonNode> entries = [];
        await Eventually.Holds(async () =>
        {
            entries = [.. (await admin.Staff.Get($"/api/audit?actor={session.Username}&action={Uri.EscapeDataString("POST /api/inventory/warehouses")}", Cancel))!["items"]!.AsArray().Select(e => e!)];
            return entries.Count >= 2;
        }, TimeSpan.FromSeconds(30), () => Task.FromResult($"{entries.Count} entries"));
        await Task.Delay(1000, Cancel);
        entries = [.. (await admin.Staff.Get($"/api/audit?actor={session.Username}&action={Uri.EscapeDataString("POST /api/inventory/warehouses")}", Cancel))!["items"]!.AsArray().Select(e => e!)];
        entries.Select(e => e["outcome"]!.GetValue<string>()).ShouldBe(["succeeded", "refused"], ignoreOrder: true);
        entries.ShouldAllBe(e => e["service"]!.GetValue<string>() == "inventory" && e["target"]!.GetValue<string>() == "/api/inventory/warehouses");
    }
}

/// <summary>What the gateway tells browsers, whatever the route: security headers, and CORS for the configured origin only.</summary>
public sealed class BrowserHeaderTests(WholeStack stack)
{
    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/api/inventory/warehouses")]
    [InlineData("/api/tracking/not-a-token")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        response.Headers.Contains("Strict-Transport-Security").ShouldBeFalse("plain HTTP: HSTS only over TLS");
    }

    [Fact]
    public async Task Only_the_configured_origin_may_call_the_api_from_a_browser()
    {
        using var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        async Task<HttpResponseMessage> Preflight(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/api/inventory/warehouses");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            return await http.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var allowed = await Preflight(WholeStack.AllowedOrigin);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([WholeStack.AllowedOrigin]);
        using var other = await Preflight("https://evil.example");
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }
}
