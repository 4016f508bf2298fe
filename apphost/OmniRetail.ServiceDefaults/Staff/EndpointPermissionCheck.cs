using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>
/// Refuses to start a service with an API endpoint that names no permission: each must require one of
/// <see cref="StaffPolicies"/> or be public by declaration (<c>AllowAnonymous</c>). Forgetting the line is then a
/// failed start in every test run, never an endpoint anyone may call. Checked once the request pipeline is built,
/// when every endpoint is known.
/// </summary>
public sealed class EndpointPermissionCheck : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        var unguarded = Unguarded(app.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints).ToList();
        if (unguarded.Count > 0)
        {
            throw new InvalidOperationException($"Endpoints without a permission (RequireAuthorization(StaffPolicies.…) or AllowAnonymous): {string.Join(", ", unguarded)}");
        }
    };

    public static IEnumerable<string> Unguarded(IEnumerable<Endpoint> endpoints) =>
        from endpoint in endpoints.OfType<RouteEndpoint>()
        let path = "/" + endpoint.RoutePattern.RawText?.TrimStart('/')
        where path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase)
        where endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
        let policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList()
        where !policies.Any(policy => policy is not null && (StaffPolicies.All.Contains(policy) || policy == StaffPolicies.SignedIn))
        select $"{string.Join('|', endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {path}";
}
