using System.Diagnostics;

namespace OmniRetail.LocalServers;

/// <summary>A PostgreSQL cluster of its own in a data folder, run as the postgres user when we are root (PostgreSQL refuses root).</summary>
public static class PostgresCluster
{
    public static bool RunningAsRoot => Environment.IsPrivilegedProcess;

    /// <summary>
    /// Creates the cluster unless the folder already holds one. <paramref name="passwordFile"/> null: trust on loopback
    /// (tests); otherwise SCRAM passwords for TCP and trust for the owner's local socket.
    /// </summary>
    public static void Initialise(string dataDirectory, string superuser, string? passwordFile = null)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        if (RunningAsRoot)
        {
            ProcessRunner.Run("chown", ["postgres:postgres", dataDirectory, .. passwordFile is null ? Array.Empty<string>() : [passwordFile]]);
        }

        string[] auth = passwordFile is null ? ["-A", "trust"] : [$"--pwfile={passwordFile}", "-A", "scram-sha-256", "--auth-local=trust"];
        var (command, args) = AsServerUser(Path.Combine(DebianBinaries.PostgresBinDirectory, "initdb"),
            ["-D", dataDirectory, "-U", superuser, .. auth, "-E", "UTF8", "--no-instructions"]);
        ProcessRunner.Run(command, args);
    }

    /// <summary>The command that runs the server in the foreground on 127.0.0.1:<paramref name="port"/>.</summary>
    public static (string Command, string[] Args) Server(string dataDirectory, int port) =>
        AsServerUser(Path.Combine(DebianBinaries.PostgresBinDirectory, "postgres"),
            ["-D", dataDirectory, "-p", port.ToString(), "-k", dataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"]);

    private static (string Command, string[] Args) AsServerUser(string binary, string[] args) =>
        RunningAsRoot ? ("runuser", ["-u", "postgres", "--", binary, .. args]) : (binary, args);
}

public static class ProcessRunner
{
    /// <summary>Runs a set-up command to completion; a failure stops start-up with the command's own error.</summary>
    public static void Run(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed ({process.ExitCode}): {error.Result}");
        }
    }
}
