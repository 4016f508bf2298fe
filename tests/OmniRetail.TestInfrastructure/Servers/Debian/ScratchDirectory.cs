using System.Diagnostics;

namespace OmniRetail.TestInfrastructure.Servers.Debian;

/// <summary>
/// The temporary folder a test run's servers live in, and the guarantee that they die with the test
/// host: a watchdog shell, in a session of its own, waits for the host's pid to vanish (a crash, a
/// kill -9, an aborted run), then kills every process group listed here and deletes the folder.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private const string WatchdogScript = """
        host="$1"; dir="$2"
        while kill -0 "$host" 2>/dev/null; do sleep 1; done
        [ -f "$dir/process-groups" ] || { rm -rf "$dir"; exit 0; }
        while read -r group; do kill -TERM -- "-$group" 2>/dev/null; done < "$dir/process-groups"
        sleep 5
        while read -r group; do kill -KILL -- "-$group" 2>/dev/null; done < "$dir/process-groups"
        rm -rf "$dir"
        """;

    private readonly Process _watchdog;

    public ScratchDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"omniretail-test-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        // Traversable by others: PostgreSQL runs as the postgres user when the tests run as root.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Test servers from Debian binaries need Linux; on Windows, run Docker for Testcontainers.");
        }

        Directory.CreateDirectory(Path, (UnixFileMode)0b111_101_101);
        _watchdog = Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", WatchdogScript, "watchdog", Environment.ProcessId.ToString(), Path])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start the test-server watchdog.");
    }

    public string Path { get; }

    public string Subdirectory(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public ServerProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ServerProcess.Start(fileName, arguments, environment);
        lock (_watchdog)
        {
            File.AppendAllText(System.IO.Path.Combine(Path, "process-groups"), $"{process.ProcessGroup}\n");
        }

        return process;
    }

    public void Dispose()
    {
        _watchdog.Kill();
        _watchdog.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
