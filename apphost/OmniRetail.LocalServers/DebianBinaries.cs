namespace OmniRetail.LocalServers;

/// <summary>Where Debian's packages put the servers, and what to do when they are missing.</summary>
public static class DebianBinaries
{
    public const string InstallCommand = "sudo apt-get install -y postgresql rabbitmq-server redis-server (or run ./run.sh or ./test.sh, which install them)";

    /// <summary>The real server script: Debian's wrapper in /usr/sbin switches to the rabbitmq user as root, which cannot write a private data folder.</summary>
    public const string RabbitMqServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public const string ErlangPortMapper = "/usr/bin/epmd";

    public const string RedisServer = "/usr/bin/redis-server";

    /// <summary>The bin folder of the newest PostgreSQL major version installed.</summary>
    public static string PostgresBinDirectory =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null) ?? throw Missing("PostgreSQL server (postgres)");

    public static void Require(string binary, string what)
    {
        if (!File.Exists(binary))
        {
            throw Missing($"{what} ({binary})");
        }
    }

    public static void EnsureAllInstalled()
    {
        _ = PostgresBinDirectory;
        Require(RabbitMqServer, "RabbitMQ server");
        Require(ErlangPortMapper, "Erlang port mapper");
        Require(RedisServer, "Redis server");
    }

    private static InvalidOperationException Missing(string what) =>
        new($"{what} is not installed and no container runtime is used here. Fix: {InstallCommand}");
}
