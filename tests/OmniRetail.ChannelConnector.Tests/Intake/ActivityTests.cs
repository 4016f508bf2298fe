using System.Net;
using System.Text;
using System.Text.Json;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Contracts.Channels;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Intake;

/// <summary>Channels report shopper activity, signed like orders; a channel's type (presence, ownership) is announced.</summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class ActivityTests(TestServers servers)
{
    private const string Secret = "activity-secret-0123456789";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();

    private static HttpRequestMessage Signed(string channel, string body, string secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/channels/{channel}/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Omni-Signature", Signatures.Hex(secret, body));
        return request;
    }

    private static string Batch(int count, string type = "session") => JsonSerializer.Serialize(new
    {
        events = Enumerable.Range(0, count).Select(i => new { type, sessionId = $"s-{i}", sku = type == "productView" ? "mug-1" : null, at = DateTimeOffset.UtcNow }),
    });

    [Fact]
    public async Task A_signed_batch_is_published_whole_and_bad_batches_are_refused_without_effect()
    {
        var broker = (await servers.RabbitMq()).ConnectionString;
        await using var tap = await MessageTap.Start(broker, "activity-tests", t => t.Listen<ChannelActivityReported>().Listen<ChannelRegistered>());
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_activity");
        var (web, store) = ($"web-{_run}", $"till-{_run}");
        var registered = await connector.Post("/api/channels", new { code = web, name = "Web shop", kind = "generic", secret = Secret, warehousePriorities = new[] { "BER" } });
        var till = await connector.Post("/api/channels", new { code = store, name = "Till", kind = "store", secret = Secret, warehousePriorities = new[] { "STORE" } });
        (registered["presence"]!.GetValue<string>(), registered["ownership"]!.GetValue<string>()).ShouldBe(("online", "direct"));
        till["presence"]!.GetValue<string>().ShouldBe("offline");
        (await connector.Put($"/api/channels/{web}", new { ownership = "indirect" }))["ownership"]!.GetValue<string>().ShouldBe("indirect");

        using var accepted = await connector.Http.SendAsync(Signed(web, Batch(3)), TestContext.Current.CancellationToken);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var views = await connector.Http.SendAsync(Signed(web, Batch(2, "productView")), TestContext.Current.CancellationToken);
        views.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var tooMany = await connector.Http.SendAsync(Signed(web, Batch(501)), TestContext.Current.CancellationToken);
        tooMany.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var unknown = """{"events":[{"type":"session","sessionId":"a","at":"2026-12-01T10:00:00Z"},{"type":"wishlist","sessionId":"a","at":"2026-12-01T10:00:00Z"}]}""";
        using var badType = await connector.Http.SendAsync(Signed(web, unknown), TestContext.Current.CancellationToken);
        badType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badType.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("events[1].type");
        using var forged = await connector.Http.SendAsync(Signed(web, Batch(1), secret: "not-the-secret-0123456789"), TestContext.Current.CancellationToken);
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await Eventually.Holds(() => Task.FromResult(tap.Published<ChannelActivityReported>().Count(b => b.ChannelCode == web) == 2), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"{tap.Published<ChannelActivityReported>().Count} batches published"));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var batches = tap.Published<ChannelActivityReported>().Where(b => b.ChannelCode == web).ToList();
        batches.Select(b => b.Events.Count).Order().ShouldBe([2, 3]);
        batches.SelectMany(b => b.Events).Where(e => e.Type == "productView").Select(e => e.Sku).ShouldBe(["MUG-1", "MUG-1"]);
        tap.Published<ChannelRegistered>().Where(c => c.Code == web).Select(c => c.Ownership).ShouldBe(["direct", "indirect"]);
    }
}
