namespace OmniRetail.LocalServers;

/// <summary>
/// A RabbitMQ node of its own: node name, ports, data folder and configuration, so it never meets another node on the
/// machine. Its Erlang port mapper runs in the foreground on a private port (Erlang would otherwise start a daemon that
/// outlives us).
/// </summary>
public sealed record RabbitMqNode(string Home, int Port, int DistributionPort, int PortMapperPort, string NodeName)
{
    /// <summary>Writes the node's configuration (the listener plus <paramref name="settings"/>) and its plugin list.</summary>
    public void WriteConfiguration(IEnumerable<string> settings, IEnumerable<string> plugins)
    {
        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Combine(Home, "enabled_plugins"), $"[{string.Join(",", plugins)}].\n");
        File.WriteAllLines(Path.Combine(Home, "rabbitmq.conf"), [$"listeners.tcp.default = 127.0.0.1:{Port}", .. settings]);
    }

    /// <summary>The environment <see cref="DebianBinaries.RabbitMqServer"/> runs in.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["ERL_EPMD_PORT"] = PortMapperPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Home, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Home, "log"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(Home, "pid"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(Home, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(Home, "rabbitmq"),
    };

    public string[] PortMapperArgs => ["-port", PortMapperPort.ToString()];

    public static IReadOnlyDictionary<string, string> PortMapperEnvironment => new Dictionary<string, string> { ["ERL_EPMD_ADDRESS"] = "127.0.0.1" };
}
