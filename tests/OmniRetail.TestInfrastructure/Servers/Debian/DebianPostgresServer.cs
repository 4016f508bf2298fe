using System.Diagnostics;
using Npgsql;

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
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(dir => System.IO.Path.Combine(dir, "bin"))
            .FirstOrDefault(dir => File.Exists(System.IO.Path.Combine(dir, "postgres")))
            ?? throw new InvalidOperationException($"PostgreSQL is not installed. Fix: {DebianPackages.InstallCommand}");
        var data = scratch.Subdirectory("postgres");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:postgres", data);
        }

        var (initdb, initdbArgs) = AsServerUser(System.IO.Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-instructions"]);
        await RunAsync(initdb, initdbArgs);

        var port = FreePort.Next();
        var (postgres, args) = AsServerUser(System.IO.Path.Combine(bin, "postgres"),
            ["-D", data, "-p", port.ToString(), "-k", data, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"]);
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

    /// <summary>PostgreSQL refuses to run as root; CI runs as root, so run it as the postgres user there.</summary>
    private static (string Command, string[] Args) AsServerUser(string binary, string[] args) =>
        Environment.IsPrivilegedProcess ? ("runuser", ["-u", "postgres", "--", binary, .. args]) : (binary, args);

    private static async Task RunAsync(string fileName, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} failed ({process.ExitCode}): {error}");
        }
    }
}
