using OmniRetail.LocalServers;

namespace OmniRetail.TestInfrastructure.Servers.Debian;

/// <summary>
/// A private RabbitMQ node: its own node name, ports, data folder and Erlang port mapper, so it never
/// meets another node on the machine. Stop and start keep the port and the data.
/// </summary>
internal sealed class DebianRabbitMqServer : IRabbitMqServer
{
    private readonly ScratchDirectory _scratch;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly int _port;
    private readonly ServerProcess _portMapper;
    private ServerProcess? _server;

    private DebianRabbitMqServer(ScratchDirectory scratch, ServerProcess portMapper, IReadOnlyDictionary<string, string> environment, int port)
    {
        _scratch = scratch;
        _portMapper = portMapper;
        _environment = environment;
        _port = port;
    }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{_port}/";

    public static async Task<DebianRabbitMqServer> StartAsync(ScratchDirectory scratch)
    {
        DebianBinaries.Require(DebianBinaries.RabbitMqServer, "RabbitMQ");
        var node = new RabbitMqNode(scratch.Subdirectory("rabbitmq"), FreePort.Next(), FreePort.Next(), FreePort.Next(), $"omnitest{FreePort.Next()}@localhost");
        node.WriteConfiguration([], []);
        var portMapper = scratch.Start(DebianBinaries.ErlangPortMapper, node.PortMapperArgs, RabbitMqNode.PortMapperEnvironment);
        await FreePort.WaitUntilListening(node.PortMapperPort, TimeSpan.FromSeconds(10), () => portMapper.Output);
        var port = node.Port;
        var environment = node.Environment;
        var server = new DebianRabbitMqServer(scratch, portMapper, environment, port);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        var process = _scratch.Start(DebianBinaries.RabbitMqServer, [], _environment);
        _server = process;
        await FreePort.WaitUntilListening(_port, TimeSpan.FromSeconds(60), () => process.Output);
    }

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _portMapper.DisposeAsync();
    }
}
