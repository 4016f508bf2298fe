using DotNet.Testcontainers.Containers;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace OmniRetail.TestInfrastructure.Servers.Containers;

/// <summary>Servers as Testcontainers, for machines with a Docker engine (a developer laptop).</summary>
internal static class ContainerServers
{
    public static async Task<IPostgresServer> StartPostgresAsync()
    {
        var container = new PostgreSqlBuilder("postgres:15-alpine").WithCommand("-c", "max_connections=300").Build();
        await container.StartAsync();
        return new ContainerPostgresServer(container);
    }

    public static async Task<IRabbitMqServer> StartRabbitMqAsync()
    {
        // A fixed host port, so that a stopped and restarted broker is found where it was.
        var port = FreePort.Next();
        var container = new RabbitMqBuilder("rabbitmq:3.13-alpine")
            .WithUsername("guest").WithPassword("guest")
            .WithPortBinding(port, RabbitMqBuilder.RabbitMqPort)
            .Build();
        await container.StartAsync();
        return new ContainerRabbitMqServer(container, $"amqp://guest:guest@127.0.0.1:{port}/");
    }

    public static async Task<IRedisServer> StartRedisAsync()
    {
        var container = new RedisBuilder("redis:7-alpine").Build();
        await container.StartAsync();
        return new ContainerRedisServer(container);
    }

    private sealed class ContainerPostgresServer(PostgreSqlContainer container) : IPostgresServer
    {
        public string ConnectionString { get; } = container.GetConnectionString();

        public Task<string> CreateDatabaseAsync(string nameHint, CancellationToken cancellationToken = default) =>
            PostgresDatabases.CreateAsync(ConnectionString, nameHint, cancellationToken);

        public ValueTask DisposeAsync() => container.DisposeAsync();
    }

    private sealed class ContainerRabbitMqServer(IContainer container, string connectionString) : IRabbitMqServer
    {
        public string ConnectionString => connectionString;

        public Task StopAsync() => container.StopAsync();

        public Task StartAsync() => container.StartAsync();

        public ValueTask DisposeAsync() => container.DisposeAsync();
    }

    private sealed class ContainerRedisServer(RedisContainer container) : IRedisServer
    {
        public string ConnectionString { get; } = container.GetConnectionString();

        public ValueTask DisposeAsync() => container.DisposeAsync();
    }
}
