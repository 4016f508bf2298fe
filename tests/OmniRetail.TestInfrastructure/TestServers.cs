using OmniRetail.TestInfrastructure.Servers;
using OmniRetail.TestInfrastructure.Servers.Containers;
using OmniRetail.TestInfrastructure.Servers.Debian;
using Xunit;

namespace OmniRetail.TestInfrastructure;

/// <summary>
/// Real PostgreSQL, RabbitMQ and Redis for one test assembly. Register it with
/// <c>[assembly: AssemblyFixture(typeof(TestServers))]</c> and take it in a test class constructor.
/// Each server starts on first use, once per test run, and is torn down after the run (or, after
/// a crash of the test host, by the watchdog).
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private readonly bool _useContainers = DockerEngine.IsReachable();
    private readonly Lazy<ScratchDirectory> _scratch = new(() => new ScratchDirectory());
    private readonly Lazy<Task<IPostgresServer>> _postgres;
    private readonly Lazy<Task<IRabbitMqServer>> _rabbitMq;
    private readonly Lazy<Task<IRedisServer>> _redis;

    public TestServers()
    {
        _postgres = new(async () => _useContainers
            ? await ContainerServers.StartPostgresAsync()
            : await DebianPostgresServer.StartAsync(_scratch.Value));
        _rabbitMq = new(async () => _useContainers
            ? await ContainerServers.StartRabbitMqAsync()
            : await DebianRabbitMqServer.StartAsync(_scratch.Value));
        _redis = new(async () => _useContainers
            ? await ContainerServers.StartRedisAsync()
            : await DebianRedisServer.StartAsync(_scratch.Value));
    }

    public Task<IPostgresServer> Postgres() => _postgres.Value;

    public Task<IRabbitMqServer> RabbitMq() => _rabbitMq.Value;

    public Task<IRedisServer> Redis() => _redis.Value;

    /// <summary>A fresh database for one test class, named after it.</summary>
    public async Task<string> CreateDatabaseAsync(string nameHint) => await (await Postgres()).CreateDatabaseAsync(nameHint);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await Stop(_postgres);
        await Stop(_rabbitMq);
        await Stop(_redis);

        if (_scratch.IsValueCreated)
        {
            _scratch.Value.Dispose();
        }
    }

    private static async Task Stop<T>(Lazy<Task<T>> server) where T : IServer
    {
        if (server.IsValueCreated)
        {
            await (await server.Value).DisposeAsync();
        }
    }
}
