namespace OmniRetail.ServiceDefaults;

/// <summary>
/// Names of the resources the AppHost creates. Services read their connection strings by these
/// names and tests wait on them, so they live once here and never drift.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";

    /// <summary>The broker's connection string as a resource of its own (the broker itself is an executable).</summary>
    public const string RabbitMqConnection = RabbitMq + "-connection";
    public const string Redis = "redis";
    public const string Gateway = "gateway";

    /// <summary>Loads the demo data and runs the channel simulator; finishes once the data is in unless it simulates.</summary>
    public const string Demo = "demo";

    /// <summary>Stands in for the online demo channels' APIs, so the stack has somewhere to push stock and prices.</summary>
    public const string ChannelSandbox = "channel-sandbox";

    public static readonly IReadOnlyList<ServiceResource> Services =
    [
        new("order", "orders", "orderdb", ["carriers", "tracking"]),
        new("inventory", "inventory", "inventorydb"),
        new("catalog", "catalog", "catalogdb"),
        new("supply", "supply", "supplydb"),
        new("customer", "customers", "customerdb", ["returns", "tickets", "surveys", "loyalty"]),
        new("analytics", "analytics", "analyticsdb"),
        new("channel-connector", "channels", "channeldb"),
        new("identity", "auth", "identitydb", ["staff", "audit"], [KeySetPath]),
    ];

    /// <summary>The public keys staff tokens are checked with, served by the Identity service.</summary>
    public const string KeySetPath = "/.well-known/jwks.json";

    public static ServiceResource Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>
    /// Prefixes anyone may call without signing in (shoppers' tracking pages, survey links): the gateway limits them per
    /// caller far more tightly than the rest, so a token cannot be guessed by brute force.
    /// </summary>
    public static readonly IReadOnlyList<string> PublicRoutePrefixes = ["tracking", "surveys"];
}

/// <param name="Name">Aspire resource name and service-discovery host name.</param>
/// <param name="RoutePrefix">The gateway forwards <c>/api/{RoutePrefix}</c> to this service.</param>
/// <param name="Database">Name of the service's own PostgreSQL database and connection string.</param>
/// <param name="MoreRoutePrefixes">Further <c>/api/{prefix}</c> paths the service answers (the order service's carriers and shoppers' tracking, the customer service's returns, tickets, surveys and loyalty).</param>
/// <param name="ExactPaths">Paths outside <c>/api</c> the gateway forwards as they are (the Identity service's key set).</param>
public sealed record ServiceResource(string Name, string RoutePrefix, string Database, string[]? MoreRoutePrefixes = null, string[]? ExactPaths = null)
{
    public IEnumerable<string> RoutePrefixes => [RoutePrefix, .. MoreRoutePrefixes ?? []];
}
