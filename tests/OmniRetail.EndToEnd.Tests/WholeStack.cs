using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure.Servers;

namespace OmniRetail.EndToEnd.Tests;

/// <summary>
/// The AppHost as the run command starts it, but on free ports and a throw-away data folder so it
/// never meets a developer's running stack. Started once for all end-to-end tests.
/// </summary>
public sealed class WholeStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private DistributedApplication? _app;

    /// <summary>The stack's .data folder: server data and the generated secrets (demo channels' among them).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"omniretail-e2e-{Guid.NewGuid():N}");

    /// <summary>The admin password this stack was started with, as a developer would set Auth__AdminPassword.</summary>
    public string AdminPassword { get; } = Convert.ToHexString(Guid.NewGuid().ToByteArray());

    /// <summary>The seeded admin's TOTP secret, as a developer would set Auth__AdminTotpSecret.</summary>
    public string AdminTotpSecret { get; } = OtpNet.Base32Encoding.ToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    private OmniRetail.Demo.Gateway.StaffSession? _adminSession;

    /// <summary>
    /// The admin's one session for every test: each TOTP code signs in once, so tests share the sign-in and its refreshes
    /// rather than compete for codes.
    /// </summary>
    public OmniRetail.Demo.Gateway.StaffSession AdminSession => _adminSession ??= new(App.GetEndpoint(ResourceNames.Gateway, "http"), "admin", AdminPassword, AdminTotpSecret);

    /// <summary>A short sign-in window, so the test that spends it gives the address back quickly.</summary>
    public const int SignInsPerWindow = 40;
    public static readonly TimeSpan SignInWindow = TimeSpan.FromSeconds(5);

    /// <summary>The one origin browsers may call the stack's API from.</summary>
    public const string AllowedOrigin = "https://backoffice.example";

    /// <summary>Short, so the test of an order stuck in reserving does not wait five minutes.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(5);

    /// <summary>Short, so the test of an unpaid order's timeout does not wait half an hour.</summary>
    private static readonly TimeSpan PaymentTimeout = TimeSpan.FromSeconds(10);

    public int PostgresPort { get; } = FreePort.Next();

    public int RabbitMqManagementPort { get; } = FreePort.Next();

    /// <summary>What ./ops.sh needs to operate this stack rather than ./run.sh's.</summary>
    public IReadOnlyDictionary<string, string> OpsSettings => new Dictionary<string, string>
    {
        ["OMNIRETAIL_DATA_DIR"] = DataDirectory,
        ["OMNIRETAIL_PG_PORT"] = PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OMNIRETAIL_RABBITMQ_MANAGEMENT_PORT"] = RabbitMqManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OMNIRETAIL_GATEWAY_URL"] = App.GetEndpoint(ResourceNames.Gateway, "http").ToString().TrimEnd('/'),
        ["Auth__AdminPassword"] = AdminPassword,
        ["Auth__AdminTotpSecret"] = AdminTotpSecret,
    };

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The stack has not started.");

    public static IEnumerable<string> InfrastructureResources => ["postgres", "rabbitmq", "redis"];

    public async ValueTask InitializeAsync()
    {
        // Traversable by the postgres user, which runs the database server when tests run as root.
        Directory.CreateDirectory(DataDirectory, (UnixFileMode)0b111_101_101);
        string[] args =
        [
            $"LocalServers:DataDirectory={DataDirectory}",
            $"LocalServers:PostgresPort={PostgresPort}",
            $"LocalServers:RabbitMqPort={FreePort.Next()}",
            $"LocalServers:RabbitMqManagementPort={RabbitMqManagementPort}",
            $"LocalServers:RabbitMqDistributionPort={FreePort.Next()}",
            $"LocalServers:ErlangPortMapperPort={FreePort.Next()}",
            $"LocalServers:RedisPort={FreePort.Next()}",
            $"LocalServers:GatewayPort={FreePort.Next()}",
            $"Auth:AdminPassword={AdminPassword}",
            $"Auth:AdminTotpSecret={AdminTotpSecret}",
            $"Orders:PaymentTimeout={PaymentTimeout}",
            $"Orders:StuckAfter={StuckAfter}",
        ];
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.OmniRetail_AppHost>(args, timeout.Token);
        // Tests run without the dashboard, so nothing listens for telemetry: an exporter pointed at it
        // would fail and retry (about 18 exceptions a second per process), slowing every test and benchmark.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(project => project.Name == ResourceNames.Gateway))
            .WithEnvironment("Gateway__RateLimit__SignInsPerWindow", SignInsPerWindow.ToString())
            .WithEnvironment("Gateway__Cors__AllowedOrigins__0", AllowedOrigin)
            .WithEnvironment("Gateway__RateLimit__SignInWindow", SignInWindow.ToString())
            // Every test calls from the same address: the public pages' tight limit would trip on their polling.
            .WithEnvironment("Gateway__RateLimit__PublicPerMinute", "100000");

        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        // Every test starts against a stack that is up: otherwise the first tests also wait out the services' start
        // (a minute on two cores), and a single request of theirs can outlast its client's timeout.
        foreach (var resource in ResourceNames.Services.Select(service => service.Name).Append(ResourceNames.Gateway))
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    public async Task WaitUntilHealthyAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
    }

    /// <summary>An open connection to one service's database, for assertions the API cannot make (what is stored, and how often).</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(await App.GetConnectionStringAsync(database, cancellationToken));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _adminSession?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
