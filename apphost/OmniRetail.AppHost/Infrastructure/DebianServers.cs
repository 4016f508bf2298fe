namespace OmniRetail.AppHost.Infrastructure;

/// <summary>
/// Finds the PostgreSQL, RabbitMQ and Redis binaries that Debian's packages install. This machine kind
/// has no Docker engine, so the AppHost runs these as executable resources instead of containers.
/// </summary>
internal static class DebianServers
{
    public const string InstallCommand = "sudo apt-get install -y postgresql rabbitmq-server redis-server";

    public static string PostgresBinDirectory => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql")
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault() ?? Missing("PostgreSQL server (postgres)")
        : Missing("PostgreSQL server (postgres)");

    public const string RabbitMqServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    public const string ErlangPortMapper = "/usr/bin/epmd";
    public const string RedisServer = "/usr/bin/redis-server";

    /// <summary>PostgreSQL refuses to run as root; CI and these machines run as root.</summary>
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    public static void EnsureInstalled()
    {
        _ = PostgresBinDirectory;
        foreach (var (binary, what) in new[] { (RabbitMqServer, "RabbitMQ server"), (RedisServer, "Redis server") })
        {
            if (!File.Exists(binary))
            {
                Missing(what);
            }
        }
    }

    private static string Missing(string what) => throw new InvalidOperationException(
        $"{what} is not installed and no container runtime is used here. Fix it with: {InstallCommand} (or run ./run.sh, which installs it).");
}
