using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.EndToEnd.Tests.Crashes;
using OmniRetail.ServiceDefaults;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Hardening;

/// <summary>Sign-in guessing, rate-limit keys, oversized bodies and unbounded lists (sequences 14 and 15).</summary>
public sealed class GatewayHardeningTests(WholeStack stack)
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_user_even_against_the_right_one_from_any_address()
    {
        using var admin = await SignIn(stack);
        var (username, password) = ($"lockout-{Guid.NewGuid():N}"[..20], $"Initial-{Guid.NewGuid():N}");
        await admin.Staff.Post("/api/staff/users", new { username, displayName = "Lockout test", initialPassword = password, roles = new[] { "operator" } }, TestContext.Current.CancellationToken);
        using var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        var chosen = $"Chosen-{Guid.NewGuid():N}";
        using (var change = await http.PostAsJsonAsync("/api/auth/password", new { username, currentPassword = password, newPassword = chosen }, TestContext.Current.CancellationToken))
        {
            change.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/token", new { username, password = $"wrong-{i}" }, TestContext.Current.CancellationToken);
            wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var right = await http.PostAsJsonAsync("/api/auth/token", new { username, password = chosen }, TestContext.Current.CancellationToken);

        right.StatusCode.ShouldBe((HttpStatusCode)423);
        right.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await right.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["lockedUntil"].ShouldNotBeNull();
    }

    /// <summary>
    /// Sent as a channel's client sends it: headers declaring 30 MiB and the body starting to stream. The answer must come
    /// before the rest of the body, so the test reads it off the socket rather than through a client that insists on
    /// writing the whole body first.
    /// </summary>
    [Fact]
    public async Task A_body_larger_than_the_gateway_takes_gets_413_problem_details()
    {
        using var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        using var socket = new TcpClient();
        await socket.ConnectAsync(http.BaseAddress!.Host, http.BaseAddress.Port, TestContext.Current.CancellationToken);
        var stream = socket.GetStream();
        var head = $"POST /api/channels/anything/orders HTTP/1.1\r\nHost: {http.BaseAddress.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {30 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
        await stream.WriteAsync(new byte[64 * 1024], TestContext.Current.CancellationToken);

        var answer = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while (!answer.ToString().Contains("}", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var response = answer.ToString();
        response.ShouldStartWith("HTTP/1.1 413");
        response.ShouldContain("application/problem+json");
        response.ShouldContain("\"status\":413");
    }

    [Fact]
    public async Task The_exceptions_queue_and_the_backorder_queue_are_paged_with_a_cursor_and_refuse_a_bad_limit()
    {
        using var client = await SignIn(stack);
        var sku = $"PAGE-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        var channel = $"page-{Guid.NewGuid():N}"[..12];
        await client.Warehouse($"P{sku[^5..]}", "DE", "EU-Central");
        await client.Product(sku, 3m);
        await client.Channel(channel, "generic", "paging-secret-0123456789");
        await client.OrderServiceLearns(sku);
        var orders = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            orders.Add(await AcceptedOrderId(await client.PostGeneric(channel, "paging-secret-0123456789", GenericOrder($"{channel}-{i}", sku, 1, 3m))));
            await client.OrderReaches(orders[^1], "Backordered");
        }

        var first = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/inventory/backorders?sku={sku}&limit=2", TestContext.Current.CancellationToken))!;
        var second = (await client.Http.GetFromJsonAsync<JsonObject>(
            $"/api/inventory/backorders?sku={sku}&limit=2&cursor={first["nextCursor"]!.GetValue<string>()}", TestContext.Current.CancellationToken))!;
        first["items"]!.AsArray().Select(b => b!["orderId"]!.GetValue<Guid>()).Concat(second["items"]!.AsArray().Select(b => b!["orderId"]!.GetValue<Guid>()))
            .ShouldBe(orders, ignoreOrder: false);
        second["nextCursor"].ShouldBeNull();

        var exceptions = await client.Exceptions("?limit=1");
        exceptions["items"]!.AsArray().Count.ShouldBe(1);
        exceptions["nextCursor"]!.GetValue<string>().ShouldNotBeNullOrEmpty();

        using var tooMany = await client.Http.GetAsync("/api/orders/exceptions?limit=100000", TestContext.Current.CancellationToken);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooMany.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("limit");
        using var badCursor = await client.Http.GetAsync("/api/inventory/backorders?cursor=%%%", TestContext.Current.CancellationToken);
        badCursor.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

/// <summary>The sign-in limit counts requests per address, whatever key header they carry. Alone: it spends the address's sign-ins.</summary>
[Collection(nameof(CrashTests))]
public sealed class SignInRateLimitTests(WholeStack stack)
{
    [Fact]
    public async Task A_fresh_api_key_per_request_does_not_buy_a_fresh_sign_in_allowance()
    {
        using var http = stack.App.CreateHttpClient(ResourceNames.Gateway);
        // All at once, twice the allowance and one: however the fixed windows fall, one of them is overspent.
        var responses = await Task.WhenAll(Enumerable.Range(0, 2 * WholeStack.SignInsPerWindow + 1).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token")
            {
                Content = JsonContent.Create(new { username = $"nobody-{Guid.NewGuid():N}", password = "x" }),
            };
            request.Headers.Add("X-Api-Key", Guid.NewGuid().ToString());
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.ToString());
        }));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        refused.ShouldNotBeEmpty();
        refused.ShouldAllBe(r => int.Parse(r.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1
            && int.Parse(r.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) <= WholeStack.SignInWindow.TotalSeconds);
        await Task.Delay(WholeStack.SignInWindow + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
    }
}
