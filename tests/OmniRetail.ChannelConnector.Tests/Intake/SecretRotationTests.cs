using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Intake;

/// <summary>A channel's secret rotates with an overlap; a channel is rate-limited by its code once its signature is verified.</summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class SecretRotationTests(TestServers servers)
{
    private const string OldSecret = "rotation-old-secret-0123456789";
    private const string NewSecret = "rotation-new-secret-9876543210";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> Report(HttpClient http, string channel, string secret)
    {
        var body = $$"""{"events":[{"type":"session","sessionId":"{{Guid.NewGuid():N}}","at":"{{DateTimeOffset.UtcNow:O}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{channel}/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Omni-Signature", Signatures.Hex(secret, body));
        using var response = await http.SendAsync(request, Cancel);
        return response.StatusCode;
    }

    [Fact]
    public async Task Both_secrets_verify_during_the_overlap_and_a_retired_one_at_once_no_longer()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_secrets");
        var code = $"rot-{_run}";
        await connector.Post("/api/channels", new { code, name = "Rotating", kind = "generic", secret = OldSecret, warehousePriorities = new[] { "BER" } });
        (await Report(connector.Http, code, OldSecret)).ShouldBe(HttpStatusCode.Accepted);

        var added = await connector.Post($"/api/channels/{code}/secrets", new { secret = NewSecret });
        var newId = added["id"]!.GetValue<Guid>();
        added.ContainsKey("secret").ShouldBeFalse();
        (await Report(connector.Http, code, NewSecret)).ShouldBe(HttpStatusCode.Accepted);
        (await Report(connector.Http, code, OldSecret)).ShouldBe(HttpStatusCode.Accepted, "the overlap: both verify");

        var listed = (await connector.Get($"/api/channels/{code}/secrets"))["items"]!.AsArray().Select(s => s!.AsObject()).ToList();
        listed.Count.ShouldBe(2);
        listed[0]["id"]!.GetValue<Guid>().ShouldBe(newId, "newest first");
        listed.ShouldAllBe(s => s["lastUsedAt"] != null && s["retiredAt"] == null);
        listed.ShouldAllBe(s => !s.ToJsonString().Contains("rotation-", StringComparison.Ordinal), "never a value");
        var oldId = listed[1]["id"]!.GetValue<Guid>();

        (await connector.Refused(HttpMethod.Post, $"/api/channels/{code}/secrets", new { secret = NewSecret })).Status.ShouldBe(409);
        (await connector.Refused(HttpMethod.Post, $"/api/channels/{code}/secrets", new { secret = "short" })).Problem["errors"]!["secret"].ShouldNotBeNull();
        using (var retire = await connector.Http.DeleteAsync($"/api/channels/{code}/secrets/{oldId}", Cancel))
        {
            retire.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await Report(connector.Http, code, OldSecret)).ShouldBe(HttpStatusCode.Unauthorized, "retired at once");
        (await Report(connector.Http, code, NewSecret)).ShouldBe(HttpStatusCode.Accepted);
        (await connector.Refused(HttpMethod.Delete, $"/api/channels/{code}/secrets/{newId}", null)).Status.ShouldBe(409, "the last active secret");
        (await connector.Refused(HttpMethod.Delete, $"/api/channels/{code}/secrets/{oldId}", null)).Status.ShouldBe(409, "already retired");

        // Registering the channel again with its current secret changes nothing; with another, that one replaces all.
        await connector.Post("/api/channels", new { code, name = "Rotating", kind = "generic", secret = NewSecret, warehousePriorities = new[] { "BER" } });
        (await connector.Read<ChannelDbContext, int>(db => db.Secrets.CountAsync(s => s.ChannelCode == code && s.RetiredAt == null))).ShouldBe(1);
        var values = await connector.Read<ChannelDbContext, List<string>>(db => db.Secrets.Where(s => s.ChannelCode == code).Select(s => s.ProtectedValue).ToListAsync());
        values.ShouldAllBe(v => !v.Contains("rotation-"), "stored encrypted");
    }

    [Fact]
    public async Task A_channel_over_its_limit_gets_429_with_retry_after_and_forged_requests_spend_nothing()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_rate_limit",
            new Dictionary<string, string> { ["Channels:RateLimit:PermitsPerSecond"] = "5" });
        var (busy, quiet) = ($"busy-{_run}", $"quiet-{_run}");
        foreach (var code in new[] { busy, quiet })
        {
            await connector.Post("/api/channels", new { code, name = code, kind = "generic", secret = OldSecret, warehousePriorities = new[] { "BER" } });
        }

        // Forged requests are refused before they are counted.
        for (var i = 0; i < 20; i++)
        {
            (await Report(connector.Http, busy, "forged-secret-000000000000")).ShouldBe(HttpStatusCode.Unauthorized);
        }

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add(await Report(connector.Http, busy, OldSecret));
        }

        statuses.ShouldContain(HttpStatusCode.Accepted);
        statuses.ShouldContain(HttpStatusCode.TooManyRequests);
        (await Report(connector.Http, quiet, OldSecret)).ShouldBe(HttpStatusCode.Accepted, "another channel has its own allowance");

        var body = """{"events":[{"type":"session","sessionId":"x","at":"2026-12-01T10:00:00Z"}]}""";
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{busy}/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Omni-Signature", Signatures.Hex(OldSecret, body));
            var response = await connector.Http.SendAsync(request, Cancel);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
        }

        refused.ShouldNotBeNull();
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync(Cancel)).ShouldContain("Too many requests from this channel");
        refused.Dispose();
    }
}
