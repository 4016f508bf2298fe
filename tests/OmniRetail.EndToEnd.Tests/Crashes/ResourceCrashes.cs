using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniRetail.EndToEnd.Tests.Crashes;

/// <summary>
/// Kills a resource's process the way the OOM killer or a power cut would (SIGKILL, no shutdown code
/// runs), and starts it again the way an operator does from the dashboard.
/// </summary>
public static class ResourceCrashes
{
    // The snapshot property the AppHost fills in for every process it runs (Aspire keeps its constant internal).
    private const string ProcessIdProperty = "executable.pid";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <returns>The id of the process that was killed.</returns>
    public static async Task<int> KillAsync(this WholeStack stack, string resource)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var running = await stack.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessId(e) is not null, timeout.Token);
        var pid = ProcessId(running)!.Value;
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(timeout.Token);
        }

        await stack.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        return pid;
    }

    public static async Task StartAgainAsync(this WholeStack stack, string resource, int killedProcessId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var commands = stack.App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, timeout.Token);
        result.Success.ShouldBeTrue(result.Message);
        await stack.App.ResourceNotifications.WaitForResourceAsync(
            resource, e => e.Snapshot.HealthStatus == HealthStatus.Healthy && ProcessId(e) is { } pid && pid != killedProcessId, timeout.Token);
    }

    private static int? ProcessId(ResourceEvent resourceEvent) =>
        resourceEvent.Snapshot.Properties.FirstOrDefault(p => p.Name == ProcessIdProperty)?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };
}
