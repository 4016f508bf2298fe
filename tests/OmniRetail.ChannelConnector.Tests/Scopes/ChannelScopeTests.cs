using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Scopes;

/// <summary>A user limited to some channels sees and changes only theirs: every other channel answers 404 and is left out of lists.</summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class ChannelScopeTests(TestServers servers)
{
    private const string Secret = "scope-secret-0123456789abcdef";
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_channel_limited_operator_gets_404_for_every_other_channel()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_scopes");
        var (mine, theirs) = ($"mine-{_run}", $"theirs-{_run}");
        foreach (var code in new[] { mine, theirs })
        {
            await connector.Post("/api/channels", new { code, name = code, kind = "generic", secret = Secret, warehousePriorities = new[] { "BER" } });
        }

        using var operatorClient = connector.ClientAs(StaffRoles.Operator, channels: [mine]);
        var listed = (await operatorClient.GetFromJsonAsync<JsonArray>("/api/channels", Cancel))!.Select(c => c!["code"]!.GetValue<string>()).ToList();
        listed.ShouldContain(mine);
        listed.ShouldNotContain(theirs);

        async Task<HttpStatusCode> Status(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await operatorClient.SendAsync(request, Cancel);
            return response.StatusCode;
        }

        (await Status(HttpMethod.Put, $"/api/channels/{mine}/listings/MUG-1", new { listed = true })).ShouldBe(HttpStatusCode.OK);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Put, $"/api/channels/{theirs}/listings/MUG-1", new { listed = true }),
            (HttpMethod.Get, $"/api/channels/{theirs}/listings", null),
            (HttpMethod.Put, $"/api/channels/{theirs}", new { name = "taken over" }),
            (HttpMethod.Get, $"/api/channels/{theirs}/sync-log", null),
            (HttpMethod.Post, $"/api/channels/{theirs}/sync", null),
            (HttpMethod.Get, $"/api/channels/{theirs}/secrets", null),
            (HttpMethod.Post, $"/api/channels/{theirs}/secrets", new { secret = "another-secret-0123456789" }),
            (HttpMethod.Post, "/api/channels", new { code = theirs, name = "again", kind = "generic", secret = Secret, warehousePriorities = new[] { "BER" } }),
        })
        {
            (await Status(method, path, body)).ShouldBe(HttpStatusCode.NotFound, $"{method} {path}");
        }

        (await Status(HttpMethod.Get, "/api/channels/exposure")).ShouldBe(HttpStatusCode.Forbidden, "exposure adds up every channel");
        (await connector.GetArray($"/api/channels/{theirs}/listings")).ShouldBeEmpty("nothing changed on the other channel");
        (await connector.GetArray("/api/channels")).Single(c => c!["code"]!.GetValue<string>() == theirs)!["name"]!.GetValue<string>().ShouldBe(theirs);
    }
}
