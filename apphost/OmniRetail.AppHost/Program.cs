using OmniRetail.AppHost.Infrastructure;
using OmniRetail.LocalServers;
using OmniRetail.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);
var local = LocalServerOptions.From(builder.Configuration, builder.AppHostDirectory);
DebianBinaries.EnsureAllInstalled();

// Infrastructure: one PostgreSQL server (a database per service), RabbitMQ, Redis.
var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, local);
var (rabbitMqServer, rabbitMq) = builder.AddLocalRabbitMq(ResourceNames.RabbitMq, ResourceNames.RabbitMqConnection, local);
// Redis: the second level of the catalog's cache (HybridCache), shared by every catalog instance.
var (redisServer, redis) = builder.AddLocalRedis(ResourceNames.Redis, local);

// Personal data (customers, addresses, raw channel payloads) and channel secrets are encrypted at rest with this key.
var personalDataKey = LocalSecrets.GetOrCreate(local.DataDirectory, "personal-data-key");

// Staff tokens: the Identity service signs them with a key only it holds; every service checks them with its public
// keys. The seeded admin's password and TOTP secret come from configuration (Auth__AdminPassword, Auth__AdminTotpSecret)
// or are generated once per machine; run.sh prints them.
var adminPassword = builder.Configuration["Auth:AdminPassword"] is { Length: > 0 } configured
    ? configured
    : LocalSecrets.GetOrCreate(local.DataDirectory, "admin-password");
var adminTotpSecret = builder.Configuration["Auth:AdminTotpSecret"] is { Length: > 0 } configuredSecret
    ? configuredSecret
    : LocalSecrets.GetOrCreateBase32(local.DataDirectory, "admin-totp-secret");

// The only public entry point. It does not wait for the services: its /health/ready reports them.
var gateway = builder.AddProject<Projects.OmniRetail_Gateway>(ResourceNames.Gateway)
    .WithHttpEndpoint(port: local.GatewayPort, isProxied: false)
    .WithHttpHealthCheck(Extensions.LivePath);

// Services: each owns its database and talks to the others only through RabbitMQ.
// Staff accounts, sign-in, the signing keys and the audit log; the other services fetch its public keys.
IResourceBuilder<ProjectResource>? identity = null;
identity = AddService<Projects.OmniRetail_Identity>("identity")
    .WithEnvironment("Auth__AdminPassword", adminPassword)
    .WithEnvironment("Auth__AdminTotpSecret", adminTotpSecret);
// The gateway reads staff tokens too, to count rate limits per user.
gateway.WithEnvironment("Auth__JwksUrl", $"http://{ResourceNames.Service("identity").Name}{ResourceNames.KeySetPath}");
if (builder.Configuration["Gateway:Cors:AllowedOrigins"] is { Length: > 0 } origins)
{
    // Comma-separated origins a browser may call the API from (a back office served elsewhere).
    foreach (var (origin, index) in origins.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select((o, i) => (o, i)))
    {
        gateway.WithEnvironment($"Gateway__Cors__AllowedOrigins__{index}", origin);
    }
}
var order = AddService<Projects.OmniRetail_Order>("order");
// How long an order with pending payment holds its stock; the Order service's own default (30 minutes) otherwise.
if (builder.Configuration["Orders:PaymentTimeout"] is { Length: > 0 } paymentTimeout)
{
    order.WithEnvironment("Orders__PaymentTimeout", paymentTimeout);
}

// When an order still reserving counts as stuck in the exceptions queue; the Order service's own default (5 minutes) otherwise.
if (builder.Configuration["Orders:StuckAfter"] is { Length: > 0 } stuckAfter)
{
    order.WithEnvironment("Orders__StuckAfter", stuckAfter);
}
AddService<Projects.OmniRetail_Inventory>("inventory");
AddService<Projects.OmniRetail_Catalog>("catalog")
    .WithReference(redis, connectionName: ResourceNames.Redis)
    .WaitFor(redisServer);
AddService<Projects.OmniRetail_Supply>("supply");
// Surveys go out as soon as an order is delivered here (a real shop waits a day, the service's own default).
InBaseCurrency(AddService<Projects.OmniRetail_Customer>("customer"))
    .WithEnvironment("Customer__SurveyDelay", builder.Configuration["Customer:SurveyDelay"] ?? "00:00:00");
InBaseCurrency(AddService<Projects.OmniRetail_Analytics>("analytics"));
// The local stack's channels (the channel sandbox, a developer's stand-in) listen on this machine: allow-listed here
// only, so a deployed connector still refuses loopback and private addresses.
AddService<Projects.OmniRetail_ChannelConnector>("channel-connector")
    .WithEnvironment("Channels__Outbound__AllowedHosts__0", "127.0.0.1")
    .WithEnvironment("Channels__Outbound__AllowedHosts__1", "localhost");

// Demo data (warehouses in two regions, products with stock, one channel of each kind) and, with
// ./run.sh --simulate, a stream of signed orders from every channel.
// The online demo channels' own APIs (Shopify's, WooCommerce's, the web shop's callback), standing in so that stock
// and prices have somewhere to be pushed; its log shows what each channel was last told.
// A port of its own, not proxied: the channel connector reaches it at the address the listener was bound to.
var sandboxPort = int.TryParse(builder.Configuration["Demo:SandboxPort"], out var configuredPort) ? configuredPort : FreeLoopbackPort();
var sandbox = builder.AddProject<Projects.OmniRetail_Demo>(ResourceNames.ChannelSandbox)
    .WithArgs("--sandbox")
    .WithHttpEndpoint(port: sandboxPort, targetPort: sandboxPort, isProxied: false)
    .WithEnvironment("Demo__SandboxPort", sandboxPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
    .WithEnvironment("Demo__DataDirectory", local.DataDirectory);
builder.AddProject<Projects.OmniRetail_Demo>(ResourceNames.Demo)
    .WithReference(gateway)
    .WaitFor(gateway)
    .WaitFor(sandbox)
    .WithEnvironment("Demo__SandboxUrl", "http://127.0.0.1:" + sandboxPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
    .WithEnvironment("Demo__AdminPassword", adminPassword)
    .WithEnvironment("Demo__AdminTotpSecret", adminTotpSecret)
    .WithEnvironment("Demo__DataDirectory", local.DataDirectory)
    .WithEnvironment("Demo__OrdersPerSecond", builder.Configuration["Demo:OrdersPerSecond"] ?? "0");

builder.Build().Run();

static int FreeLoopbackPort()
{
    var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    probe.Start();
    var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    return port;
}

// The retailer's figures (RFM, loyalty points, analytics) are in euros; the demo's dollar orders count at this rate.
static IResourceBuilder<ProjectResource> InBaseCurrency(IResourceBuilder<ProjectResource> project) => project
    .WithEnvironment("Retail__BaseCurrency", "EUR")
    .WithEnvironment("Retail__ExchangeRates__USD", "0.92")
    .WithEnvironment("Retail__ExchangeRates__GBP", "1.17");

IResourceBuilder<ProjectResource> AddService<TProject>(string name) where TProject : IProjectMetadata, new()
{
    var service = ResourceNames.Service(name);
    var project = builder.AddProject<TProject>(service.Name)
        .WithHttpEndpoint()
        .WithReference(postgres.AddDatabase(service.Database))
        .WithReference(rabbitMq, connectionName: ResourceNames.RabbitMq)
        .WaitFor(postgres.Server)
        .WaitFor(rabbitMqServer)
        .WithHttpHealthCheck(Extensions.ReadyPath)
        .WithEnvironment("PersonalData__Key", personalDataKey);
    if (identity is not null)
    {
        project.WithReference(identity).WithEnvironment("Auth__JwksUrl", $"http://{ResourceNames.Service("identity").Name}{ResourceNames.KeySetPath}");
    }

    gateway.WithReference(project);
    return project;
}
