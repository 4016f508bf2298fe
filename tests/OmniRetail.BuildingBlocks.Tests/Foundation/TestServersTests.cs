using System.Net.Sockets;
using System.Text;
using Npgsql;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.BuildingBlocks.Tests.Foundation;

public sealed class TestServersTests(TestServers servers)
{
    [Fact]
    public async Task Each_test_class_gets_its_own_empty_database()
    {
        var first = await servers.CreateDatabaseAsync(nameof(TestServersTests));
        var second = await servers.CreateDatabaseAsync(nameof(TestServersTests));

        await Execute(first, "CREATE TABLE marker (id int)");

        new NpgsqlConnectionStringBuilder(first).Database.ShouldNotBe(new NpgsqlConnectionStringBuilder(second).Database);
        (await TableCount(first)).ShouldBe(1);
        (await TableCount(second)).ShouldBe(0);
    }

    [Fact]
    public async Task Redis_answers_a_ping()
    {
        var redis = await servers.Redis();
        var (host, port) = (redis.ConnectionString.Split(':')[0], int.Parse(redis.ConnectionString.Split(':')[1]));
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();

        await stream.WriteAsync("PING\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        var buffer = new byte[7];
        var read = await stream.ReadAsync(buffer, TestContext.Current.CancellationToken);

        Encoding.ASCII.GetString(buffer, 0, read).ShouldBe("+PONG\r\n");
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    private static async Task<long> TableCount(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return (long)(await new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection).ExecuteScalarAsync())!;
    }
}
