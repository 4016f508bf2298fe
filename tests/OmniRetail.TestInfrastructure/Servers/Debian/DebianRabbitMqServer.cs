namespace OmniRetail.TestInfrastructure.Servers.Debian;

/// <summary>
/// A private RabbitMQ node: its own node name, ports, data folder and Erlang port mapper, so it never
/// meets another node on the machine. Stop and start keep the port and the data.
/// </summary>
internal sealed class DebianRabbitMqServer : IRabbitMqServer
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string PortMapper = "/usr/bin/epmd";

    private readonly ScratchDirectory _scratch;
    private readonly Dictionary<string, string> _environment;
    private readonly int _port;
    private readonly ServerProcess _portMapper;
    private ServerProcess? _server;

    private DebianRabbitMqServer(ScratchDirectory scratch, ServerProcess portMapper, Dictionary<string, string> environment, int port)
    {
        _scratch = scratch;
        _portMapper = portMapper;
        _environment = environment;
        _port = port;
    }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{_port}/";

    public static async Task<DebianRabbitMqServer> StartAsync(ScratchDirectory scratch)
    {
        DebianPackages.Require(Server, "RabbitMQ");
        var home = scratch.Subdirectory("rabbitmq");
        int port = FreePort.Next(), distributionPort = FreePort.Next(), portMapperPort = FreePort.Next();
        File.WriteAllText(Path.Combine(home, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(home, "rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{port}\n");

        // Erlang would daemonise its port mapper, outliving the tests; in the foreground it is ours.
        var portMapper = scratch.Start(PortMapper, ["-port", portMapperPort.ToString()],
            new Dictionary<string, string> { ["ERL_EPMD_ADDRESS"] = "127.0.0.1" });
        await FreePort.WaitUntilListening(portMapperPort, TimeSpan.FromSeconds(10), () => portMapper.Output);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = $"omnitest{port}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = portMapperPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(home, "pid"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(home, "enabled_plugins"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(home, "rabbitmq"),
        };
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

        var process = _scratch.Start(Server, [], _environment);
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
