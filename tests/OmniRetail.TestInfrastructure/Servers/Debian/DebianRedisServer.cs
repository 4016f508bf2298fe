using OmniRetail.LocalServers;

namespace OmniRetail.TestInfrastructure.Servers.Debian;

internal sealed class DebianRedisServer(ServerProcess process, int port) : IRedisServer
{
    public string ConnectionString { get; } = $"127.0.0.1:{port}";

    public static async Task<DebianRedisServer> StartAsync(ScratchDirectory scratch)
    {
        DebianBinaries.Require(DebianBinaries.RedisServer, "Redis");
        var port = FreePort.Next();
        var process = scratch.Start(DebianBinaries.RedisServer,
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--dir", scratch.Subdirectory("redis"), "--save", "", "--appendonly", "no"]);
        await FreePort.WaitUntilListening(port, TimeSpan.FromSeconds(20), () => process.Output);
        return new DebianRedisServer(process, port);
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
