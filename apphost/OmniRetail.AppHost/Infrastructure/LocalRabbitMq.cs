using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OmniRetail.LocalServers;
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
        var password = LocalSecrets.GetOrCreate(options.DataDirectory, $"{name}-password");
        var node = new RabbitMqNode(home, options.RabbitMqPort, options.RabbitMqDistributionPort, options.ErlangPortMapperPort,
            $"omniretail-{options.RabbitMqPort}@localhost");
        node.WriteConfiguration(
            ["management.tcp.ip = 127.0.0.1", $"management.tcp.port = {options.RabbitMqManagementPort}", $"default_user = {User}", $"default_pass = {password}",
             "loopback_users = none"],
            ["rabbitmq_management"]);

        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new TcpListenerHealthCheck(options.RabbitMqPort), HealthStatus.Unhealthy, tags: null));

        var server = builder.AddExecutable(name, DebianBinaries.RabbitMqServer, home)
            .WaitFor(builder.AddErlangPortMapper($"{name}-epmd", node));
        foreach (var (variable, value) in node.Environment)
        {
            server.WithEnvironment(variable, value);
        }

        server
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
    private static IResourceBuilder<ExecutableResource> AddErlangPortMapper(this IDistributedApplicationBuilder builder, string name, RabbitMqNode node)
    {
        var healthCheck = $"{name}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new TcpListenerHealthCheck(node.PortMapperPort), HealthStatus.Unhealthy, tags: null));
        var portMapper = builder.AddExecutable(name, DebianBinaries.ErlangPortMapper, ".", node.PortMapperArgs).WithHealthCheck(healthCheck);
        foreach (var (variable, value) in RabbitMqNode.PortMapperEnvironment)
        {
            portMapper.WithEnvironment(variable, value);
        }

        return portMapper;
    }
}
