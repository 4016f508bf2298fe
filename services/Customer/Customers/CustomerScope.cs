using Microsoft.EntityFrameworkCore;
using OmniRetail.Customer.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Customers;

/// <summary>
/// A user limited to some channels knows the customers who ordered on one of them: <c>/api/customers/{id}/...</c> of any
/// other customer answers 404, and lists and look-ups leave them out.
/// </summary>
public static class CustomerScope
{
    public static RouteGroupBuilder LimitedToScope(this RouteGroupBuilder customers) => customers.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var scope = StaffScope.Of(http.User);
        if (scope.Channels is null || !Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id))
        {
            return await next(context);
        }

        var db = http.RequestServices.GetRequiredService<CustomerDbContext>();
        return await Sees(db, scope, id, http.RequestAborted) || !await db.Customers.AnyAsync(c => c.Id == id, http.RequestAborted)
            ? await next(context)
            : StaffScope.NotFound();
    });

    /// <summary>Whether the customer ordered on a channel the user may see (everyone, for a user limited to none).</summary>
    public static async Task<bool> Sees(CustomerDbContext db, StaffScope scope, Guid customerId, CancellationToken cancellationToken)
    {
        if (scope.Channels is null)
        {
            return true;
        }

        var channels = scope.Channels.ToArray();
        return await db.Orders.AnyAsync(o => o.CustomerId == customerId && channels.Contains(o.ChannelCode), cancellationToken);
    }

    /// <summary>The customers a query may answer for the user.</summary>
    public static IQueryable<CustomerAccount> Visible(this IQueryable<CustomerAccount> customers, CustomerDbContext db, StaffScope scope)
    {
        if (scope.Channels is null)
        {
            return customers;
        }

        var channels = scope.Channels.ToArray();
        return customers.Where(c => db.Orders.Any(o => o.CustomerId == c.Id && channels.Contains(o.ChannelCode)));
    }
}
