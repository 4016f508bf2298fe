using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure;
using OmniRetail.TestInfrastructure.Staff;

namespace OmniRetail.Inventory.Tests.Ledger;

/// <summary>
/// The Inventory service as it runs in production (its Program), on its own database and the test run's broker, with
/// an operator's token for its API and its bus for putting messages on the broker as the Order service would.
/// </summary>
public sealed class InventoryHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private InventoryHost(WebApplicationFactory<Program> factory, HttpClient http)
    {
        _factory = factory;
        Http = http;
    }

    public HttpClient Http { get; }

    public IBus Bus => _factory.Services.GetRequiredService<IBus>();

    public static async Task<InventoryHost> StartAsync(TestServers servers, string databaseHint)
    {
        var database = await servers.CreateDatabaseAsync(databaseHint);
        var broker = (await servers.RabbitMq()).ConnectionString;
        var signingKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting($"ConnectionStrings:{ResourceNames.Service("inventory").Database}", database);
            host.UseSetting($"ConnectionStrings:{ResourceNames.RabbitMq}", broker);
            host.UseSetting("Auth:SigningKey", signingKey);
            host.UseSetting(PersonalDataProtector.ConfigurationKey, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        });
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffTokens.Issue(signingKey, StaffRoles.Operator));
        // The first request starts the host: migrations, the bus and its queues.
        (await http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        return new InventoryHost(factory, http);
    }

    public async Task<JsonObject> Post(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> Get(string path) => (await Http.GetFromJsonAsync<JsonObject>(path))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
