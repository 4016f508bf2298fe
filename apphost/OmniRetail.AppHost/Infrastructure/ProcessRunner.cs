using System.Diagnostics;

namespace OmniRetail.AppHost.Infrastructure;

internal static class ProcessRunner
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
