using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniRetail.Identity.Mfa;
using OmniRetail.Identity.Persistence;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Identity.Tests.Service;

/// <summary>A clock the tests move: TOTP steps and lockouts without waiting for them.</summary>
public sealed class SettableClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// The real Identity service on real PostgreSQL and RabbitMQ, with a clock the tests move, seeded with an admin whose
/// TOTP secret the tests know. Tests sign in through the API as staff would.
/// </summary>
public sealed class IdentityHost(TestServers servers) : IAsyncLifetime
{
    public const string AdminPassword = "seeded-admin-password-0123";
    public static readonly string AdminTotpSecret = TotpCodes.NewSecret();

    private ServiceHost<Program>? _host;

    public SettableClock Clock { get; } = new();

    public ServiceHost<Program> Host => _host!;

    public async ValueTask InitializeAsync() =>
        _host = await ServiceHost<Program>.StartAsync(servers, "identity", "identity_service", new Dictionary<string, string>
        {
            ["Auth:AdminPassword"] = AdminPassword,
            ["Auth:AdminTotpSecret"] = AdminTotpSecret,
        }, services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));

    public Task Restart() => Task.Run(async () => _host = await _host!.RestartAsync());

    public Task<T> Read<T>(Func<IdentityDbContext, Task<T>> query) => _host!.Read(query);

    /// <summary>The current code of a secret at the service's clock; moves the clock to the next step first, so the code has not been used.</summary>
    public string NextCode(string secret)
    {
        Clock.Advance(TimeSpan.FromSeconds(TotpCodes.StepSeconds));
        return TotpCodes.Code(secret, Clock.GetUtcNow());
    }

    /// <summary>An anonymous client of the service.</summary>
    public HttpClient Anonymous() => _host!.ClientAs(null);

    public HttpClient Bearer(string accessToken) => _host!.ClientWith(accessToken);

    /// <summary>Signs the seeded admin in; answers the token response.</summary>
    public async Task<JsonObject> AdminTokens() => await Tokens(new { username = "admin", password = AdminPassword, code = NextCode(AdminTotpSecret) });

    public async Task<HttpClient> Admin() => Bearer((await AdminTokens())["accessToken"]!.GetValue<string>());

    public async Task<JsonObject> Tokens(object credentials)
    {
        var (status, body) = await Send(Anonymous(), HttpMethod.Post, "/api/auth/token", credentials);
        status.ShouldBe(200, body.ToJsonString());
        return body;
    }

    public static async Task<(int Status, JsonObject Body)> Send(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using (client)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return ((int)response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
        }
    }

    /// <summary>Creates an account and sets its own password, as a new member of staff would on day one.</summary>
    public async Task<(string Username, string Password)> NewUser(string role, string[]? channels = null, string[]? warehouses = null)
    {
        var username = $"user-{Guid.NewGuid():N}"[..17];
        var initial = $"Initial-{Guid.NewGuid():N}";
        var (status, body) = await Send(await Admin(), HttpMethod.Post, "/api/staff/users",
            new { username, displayName = $"User {username}", initialPassword = initial, roles = new[] { role }, channels = channels ?? [], warehouses = warehouses ?? [] });
        status.ShouldBe(201, body.ToJsonString());
        var chosen = $"Chosen-{Guid.NewGuid():N}";
        (await Send(Anonymous(), HttpMethod.Post, "/api/auth/password", new { username, currentPassword = initial, newPassword = chosen })).Status.ShouldBe(204);
        return (username, chosen);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class IdentityServiceCollection : ICollectionFixture<IdentityHost>
{
    public const string Name = "identity service";
}
