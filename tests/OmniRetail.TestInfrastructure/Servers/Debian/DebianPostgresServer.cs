using Npgsql;
using OmniRetail.LocalServers;

namespace OmniRetail.TestInfrastructure.Servers.Debian;

/// <summary>A private PostgreSQL cluster from the Debian binaries: temporary data, a free port, trust auth on loopback.</summary>
internal sealed class DebianPostgresServer : IPostgresServer
{
    private readonly ServerProcess _process;

    private DebianPostgresServer(ServerProcess process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<DebianPostgresServer> StartAsync(ScratchDirectory scratch)
    {
        var data = scratch.Subdirectory("postgres");
        PostgresCluster.Initialise(data, "postgres");
        var port = FreePort.Next();
        var (postgres, args) = PostgresCluster.Server(data, port);
        var process = scratch.Start(postgres, args);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres",
        }.ConnectionString;
        await FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(30), () => process.Output);
        await PostgresDatabases.WaitUntilAcceptingAsync(connectionString, TimeSpan.FromSeconds(30));
        return new DebianPostgresServer(process, connectionString);
    }

    public Task<string> CreateDatabaseAsync(string nameHint, CancellationToken cancellationToken = default) =>
        PostgresDatabases.CreateAsync(ConnectionString, nameHint, cancellationToken);

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        return _process.DisposeAsync();
    }
}
