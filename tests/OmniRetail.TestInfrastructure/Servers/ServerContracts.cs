namespace OmniRetail.TestInfrastructure.Servers;

public interface IPostgresServer : IServer
{
    /// <summary>A new, empty database of its own, so test classes never see each other's rows.</summary>
    Task<string> CreateDatabaseAsync(string nameHint, CancellationToken cancellationToken = default);
}

/// <summary>A broker a test can take away and bring back (same port, same data) to prove nothing is lost.</summary>
public interface IRabbitMqServer : IServer
{
    Task StopAsync();

    Task StartAsync();
}

public interface IRedisServer : IServer;
