using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OmniRetail.TestInfrastructure;

/// <summary>Every <c>/api</c> endpoint a service maps is in its OpenAPI document (method and path): nothing is callable that is not documented.</summary>
public static partial class OpenApiCoverage
{
    /// <summary>The endpoints the service answers that its document leaves out, as "METHOD /path".</summary>
    public static async Task<IReadOnlyList<string>> Undocumented<TProgram>(ServiceHost<TProgram> host) where TProgram : class
    {
        var document = (await host.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var documented = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {Normalise(path.Key)}"))
            .ToHashSet(StringComparer.Ordinal);
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {Normalise(endpoint.RoutePattern.RawText!)}"))
            .ToList();
        // A service whose endpoints could not be read would pass for a fully documented one.
        return mapped.Count == 0
            ? throw new InvalidOperationException("The service maps no /api endpoint that could be read: the check would prove nothing.")
            : [.. mapped.Where(endpoint => !documented.Contains(endpoint)).Distinct().Order()];
    }

    /// <summary>"/api/orders/{id:guid}/" and "/api/orders/{id}" are the same path.</summary>
    private static string Normalise(string path) => "/" + Constraint().Replace(path.Trim('/'), "{$1}");

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex Constraint();
}
