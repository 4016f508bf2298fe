using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.AppHost.Infrastructure;

internal static class LocalRabbitMq
{
    private const string User = "omniretail";

    /// <summary>
    /// RabbitMQ with its management UI from the Debian package, on private ports and a private data
    /// folder. Calls the real server script: Debian's wrapper switches to the rabbitmq user as root,
    /// which cannot write our data folder.
    /// </summary>
    public static (IResourceBuilder<ExecutableResource> Server, IResourceBuilder<IResourceWithConnectionString> ConnectionString) AddLocalRabbitMq(
        this IDistributedApplicationBuilder builder, string name, string connectionName, LocalServerOptions options)
    {
        var home = Path.Combine(options.DataDirectory, name);
        Directory.CreateDirectory(home);
        var password = LocalSecrets.GetOrCreate(options.DataDirectory, $"{name}-password");
        File.WriteAllText(Path.Combine(home, "enabled_plugins"), "[rabbitmq_management].\n");
        File.WriteAllText(Path.Combine(home, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{options.RabbitMqPort}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {options.RabbitMqManagementPort}
            default_user = {User}
            default_pass = {password}
            loopback_users = none
            """);

        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new TcpListenerHealthCheck(options.RabbitMqPort), HealthStatus.Unhealthy, tags: null));

        var server = builder.AddExecutable(name, DebianServers.RabbitMqServer, home)
            .WaitFor(builder.AddErlangPortMapper($"{name}-epmd", options.ErlangPortMapperPort))
            .WithEnvironment("HOME", home)
            .WithEnvironment("RABBITMQ_NODENAME", $"omniretail-{options.RabbitMqPort.ToString()}@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", options.RabbitMqPort.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", options.RabbitMqDistributionPort.ToString())
            .WithEnvironment("ERL_EPMD_PORT", options.ErlangPortMapperPort.ToString())
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(home, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(home, "log"))
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(home, "pid"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(home, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", Path.Combine(home, "rabbitmq"))
            .WithEndpoint(port: options.RabbitMqPort, targetPort: options.RabbitMqPort, scheme: "amqp", name: "amqp", isProxied: false)
            .WithHttpEndpoint(port: options.RabbitMqManagementPort, targetPort: options.RabbitMqManagementPort, name: "management", isProxied: false)
            .WithHealthCheck(healthCheck);

        var passwordParameter = builder.AddParameter($"{name}-password", password, secret: true);
        var connectionString = builder.AddConnectionString(connectionName, ReferenceExpression.Create(
                $"amqp://{User}:{passwordParameter}@127.0.0.1:{options.RabbitMqPort.ToString()}/"))
            .WithParentRelationship(server);
        return (server, connectionString);
    }

    /// <summary>
    /// Erlang starts its port mapper as a daemon that would outlive the stack. Run in the foreground as
    /// a resource of its own, on a private port, the AppHost stops it with everything else.
    /// </summary>
    private static IResourceBuilder<ExecutableResource> AddErlangPortMapper(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new TcpListenerHealthCheck(port), HealthStatus.Unhealthy, tags: null));
        return builder.AddExecutable(name, DebianServers.ErlangPortMapper, ".", "-port", port.ToString())
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .WithHealthCheck(healthCheck);
    }
}
