using Npgsql;

namespace OmniRetail.TestInfrastructure.Servers;

internal static class PostgresDatabases
{
    public static async Task<string> CreateAsync(string serverConnectionString, string nameHint, CancellationToken cancellationToken)
    {
        var name = TestDatabaseNames.From(nameHint);
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Waits until the server accepts sessions (an open port can still say "starting up").</summary>
    public static async Task WaitUntilAcceptingAsync(string connectionString, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
