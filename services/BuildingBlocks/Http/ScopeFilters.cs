using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.BuildingBlocks.Http;

/// <summary>
/// Endpoints about one channel named in the route (<c>/api/channels/{code}/...</c>) answer 404 to a user
/// whose scope (<see cref="StaffScope"/>) leaves it out, before the handler runs. On a group, endpoints of the group
/// whose route has no such value are left to filter their own answers.
/// </summary>
public static class ScopeFilters
{
    public static TBuilder LimitedToChannel<TBuilder>(this TBuilder builder, string routeValue = "code") where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.RouteValues[routeValue]?.ToString() is not { } code || StaffScope.Of(context.HttpContext.User).SeesChannel(code)
                ? await next(context)
                : StaffScope.NotFound());
}
