using System.Diagnostics;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.Gateway.Health;

/// <summary>
/// The stack's readiness as one answer: asks every service's <c>/health/ready</c> in parallel and
/// answers 200 only when all are healthy, naming each service's state either way.
/// </summary>
public sealed class ServiceReadinessProbe(HttpClient http)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<IResult> Handle(ServiceReadinessProbe probe, CancellationToken cancellationToken)
    {
        var states = await Task.WhenAll(ResourceNames.Services.Select(service => probe.Check(service, cancellationToken)));
        var allHealthy = states.All(state => state.Status == "Healthy");
        var body = new
        {
            status = allHealthy ? "Healthy" : "Unhealthy",
            services = states.ToDictionary(state => state.Service, state => new { state.Status, state.DurationMs, state.Detail }),
        };
        return Results.Json(body, statusCode: allHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<ServiceState> Check(ServiceResource service, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{service.Name}{Extensions.ReadyPath}");
            using var response = await http.SendAsync(request, timeout.Token);
            var status = response.IsSuccessStatusCode ? "Healthy" : "Unhealthy";
            var detail = response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(timeout.Token);
            return new ServiceState(service.Name, status, Elapsed(started), detail);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new ServiceState(service.Name, "Unreachable", Elapsed(started), exception.Message);
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);

    private sealed record ServiceState(string Service, string Status, double DurationMs, string? Detail);
}
