using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniRetail.LocalServers;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.AppHost.Infrastructure;

internal static class LocalRedis
{
    /// <summary>Redis from the Debian package, append-only persistence in the data folder.</summary>
    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> ConnectionString) AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, LocalServerOptions options)
    {
        var directory = Path.Combine(options.DataDirectory, name);
        Directory.CreateDirectory(directory);
        var password = LocalSecrets.GetOrCreate(options.DataDirectory, $"{name}-password");
        // The password goes in a config file, not on the command line where `ps` would show it.
        var configFile = Path.Combine(directory, "redis.conf");
        File.WriteAllText(configFile, $"""
            bind 127.0.0.1
            port {options.RedisPort}
            dir {directory}
            appendonly yes
            requirepass {password}
            """);
        LocalSecrets.RestrictToOwner(configFile);

        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new TcpListenerHealthCheck(options.RedisPort), HealthStatus.Unhealthy, tags: null));

        var server = builder.AddExecutable(name, DebianBinaries.RedisServer, directory, configFile)
            .WithEndpoint(port: options.RedisPort, targetPort: options.RedisPort, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheck);
        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var connectionString = builder.AddConnectionString($"{name}-connection", ReferenceExpression.Create(
                $"127.0.0.1:{options.RedisPort.ToString()},password={passwordParameter}"))
            .WithParentRelationship(server);
        return (server, connectionString);
    }
}
