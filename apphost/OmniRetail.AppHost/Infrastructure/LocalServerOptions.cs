using Microsoft.Extensions.Configuration;

namespace OmniRetail.AppHost.Infrastructure;

/// <summary>
/// Where the local servers keep their data and which fixed ports they listen on. Defaults suit a
/// developer machine; the end-to-end tests override them (free ports, a temporary folder) through
/// configuration keys under <c>LocalServers</c>.
/// </summary>
public sealed record LocalServerOptions(
    string DataDirectory, int PostgresPort, int RabbitMqPort, int RabbitMqManagementPort, int RabbitMqDistributionPort,
    int ErlangPortMapperPort, int RedisPort, int GatewayPort)
{
    public static LocalServerOptions From(IConfiguration configuration, string appHostDirectory)
    {
        var section = configuration.GetSection("LocalServers");
        int Port(string key, int fallback) => section.GetValue(key, fallback);
        return new LocalServerOptions(
            Path.GetFullPath(section["DataDirectory"] ?? Path.Combine(appHostDirectory, "..", "..", ".data")),
            PostgresPort: Port("PostgresPort", 55432),
            RabbitMqPort: Port("RabbitMqPort", 55672),
            RabbitMqManagementPort: Port("RabbitMqManagementPort", 55673),
            RabbitMqDistributionPort: Port("RabbitMqDistributionPort", 55674),
            ErlangPortMapperPort: Port("ErlangPortMapperPort", 55675),
            RedisPort: Port("RedisPort", 56379),
            GatewayPort: Port("GatewayPort", 8080));
    }
}
