using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.TestInfrastructure.Staff;
using Shouldly;

namespace OmniRetail.TestInfrastructure;

/// <summary>
/// One service as it runs in production (its Program), on its own database and the test run's broker, with an
/// operator's token for its API and its bus for putting messages on the broker as the other services would.
/// </summary>
public sealed class ServiceHost<TProgram> : IAsyncDisposable
    where TProgram : class
{
    private readonly WebApplicationFactory<TProgram> _factory;
    private readonly Func<Task<ServiceHost<TProgram>>> _again;

    private ServiceHost(WebApplicationFactory<TProgram> factory, HttpClient http, Func<Task<ServiceHost<TProgram>>> again)
    {
        _factory = factory;
        Http = http;
        _again = again;
    }

    /// <summary>
    /// A client signed in with another role (<see cref="StaffRoles"/>), limited to some channels or warehouses if given;
    /// null role: not signed in at all.
    /// </summary>
    public HttpClient ClientAs(string? role, IEnumerable<string>? channels = null, IEnumerable<string>? warehouses = null)
    {
        var client = _factory.CreateClient();
        if (role is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffTokens.Issue(role, $"test-{role}", channels, warehouses));
        }

        return client;
    }

    /// <summary>A client that presents <paramref name="token"/> as it is (a forged or expired one).</summary>
    public HttpClient ClientWith(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Http { get; }

    public IBus Bus => _factory.Services.GetRequiredService<IBus>();

    public IServiceProvider Services => _factory.Services;

    /// <summary>Reads the service's own tables (through its DbContext), to check what the API does not show.</summary>
    public async Task<T> Read<TContext, T>(Func<TContext, Task<T>> query) where TContext : notnull
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <param name="service">The service's short name (<see cref="ResourceNames.Service"/>).</param>
    /// <param name="settings">Configuration beyond connection strings and keys, e.g. a schedule.</param>
    /// <param name="services">Replacements of the service's own registrations (a clock the test sets).</param>
    public static async Task<ServiceHost<TProgram>> StartAsync(
        TestServers servers, string service, string databaseHint, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = await servers.CreateDatabaseAsync(databaseHint);
        var broker = (await servers.RabbitMq()).ConnectionString;
        var personalDataKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        return await Launch(service, database, broker, personalDataKey, settings, services);
    }

    /// <summary>Stops the service and starts it again on the same database, broker and keys, as a restart in production would.</summary>
    public async Task<ServiceHost<TProgram>> RestartAsync()
    {
        await DisposeAsync();
        // MassTransit keeps its log context in an AsyncLocal that the first start left in this flow, pointing at the
        // logger factory just disposed: the second start runs in a flow of its own.
        Task<ServiceHost<TProgram>> started;
        using (ExecutionContext.SuppressFlow())
        {
            started = Task.Run(_again);
        }

        return await started;
    }

    private static async Task<ServiceHost<TProgram>> Launch(
        string service, string database, string broker, string personalDataKey, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        var factory = new WebApplicationFactory<TProgram>().WithWebHostBuilder(host =>
        {
            host.UseSetting($"ConnectionStrings:{ResourceNames.Service(service).Database}", database);
            host.UseSetting($"ConnectionStrings:{ResourceNames.RabbitMq}", broker);
            host.UseSetting("Auth:SigningKeys", StaffTokens.KeySet);
            host.UseSetting(PersonalDataProtector.ConfigurationKey, personalDataKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                host.UseSetting(key, value);
            }

            if (services is not null)
            {
                host.ConfigureTestServices(services);
            }
        });
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffTokens.Issue(StaffRoles.Operator));
        // The first request starts the host: migrations, the bus and its queues.
        (await http.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        return new ServiceHost<TProgram>(factory, http, () => Launch(service, database, broker, personalDataKey, settings, services));
    }

    public async Task<JsonObject> Post(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> Put(string path, object body)
    {
        using var response = await Http.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"PUT {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> Get(string path) => (await Http.GetFromJsonAsync<JsonObject>(path))!;

    public async Task<JsonArray> GetArray(string path) => (await Http.GetFromJsonAsync<JsonArray>(path))!;

    /// <summary>A request that must be refused: its status and the problem document's field errors.</summary>
    public async Task<(int Status, JsonObject Problem)> Refused(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeFalse($"{method} {path} should have been refused, answered {(int)response.StatusCode}: {text}");
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
    }
}
