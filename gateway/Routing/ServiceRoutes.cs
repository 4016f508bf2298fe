using OmniRetail.ServiceDefaults;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace OmniRetail.Gateway.Routing;

/// <summary>
/// One route per service prefix (<c>/api/orders/...</c> to the order service, path unchanged) and one
/// for its OpenAPI document (<c>/openapi/order.json</c>). Destinations are service names that
/// service discovery resolves, so nothing here knows a port.
/// </summary>
public static class ServiceRoutes
{
    public static WebApplicationBuilder AddServiceRoutes(this WebApplicationBuilder builder)
    {
        var routes = ResourceNames.Services.SelectMany(service => service.RoutePrefixes.SelectMany(prefix => new[]
        {
            new RouteConfig
            {
                RouteId = $"{service.Name}-{prefix}-api",
                ClusterId = service.Name,
                RateLimiterPolicy = ClientRateLimiting.PolicyFor(prefix),
                Match = new RouteMatch { Path = $"/api/{prefix}/{{**rest}}" },
            },
            new RouteConfig
            {
                RouteId = $"{service.Name}-{prefix}-api-root",
                ClusterId = service.Name,
                RateLimiterPolicy = ClientRateLimiting.PolicyFor(prefix),
                Match = new RouteMatch { Path = $"/api/{prefix}" },
            },
        }).Append(
            new RouteConfig
            {
                RouteId = $"{service.Name}-openapi",
                ClusterId = service.Name,
                Match = new RouteMatch { Path = OpenApiPath(service) },
            }.WithTransformPathSet("/openapi/v1.json")).Concat((service.ExactPaths ?? []).Select(path => new RouteConfig
            {
                RouteId = $"{service.Name}-{path.Trim('/').Replace('/', '-')}",
                ClusterId = service.Name,
                RateLimiterPolicy = ClientRateLimiting.PolicyName,
                Match = new RouteMatch { Path = path },
            }))).ToList();

        var clusters = ResourceNames.Services.Select(service => new ClusterConfig
        {
            ClusterId = service.Name,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                [service.Name] = new() { Address = $"http://{service.Name}" },
            },
        }).ToList();

        builder.Services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }

    public static string OpenApiPath(ServiceResource service) => $"/openapi/{service.Name}.json";
}
