using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OmniRetail.AppHost.Infrastructure;

/// <summary>
/// Healthy once the server accepts TCP connections. RabbitMQ and Redis open their client port only
/// after they have finished booting, so an open port means ready.
/// </summary>
internal sealed class TcpListenerHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException exception)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{port} does not accept connections: {exception.SocketErrorCode}");
        }
    }
}
