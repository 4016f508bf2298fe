using Microsoft.EntityFrameworkCore;
using OmniRetail.Order.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Order.Orders;

/// <summary>
/// <c>/api/orders/{id}/...</c> for a user limited to some channels or warehouses: an order of another channel, or (for a
/// warehouse-limited user) an order with no shipment from their warehouses, or a shipment of another warehouse, answers
/// 404 as if it did not exist.
/// </summary>
public static class OrderScope
{
    public static RouteGroupBuilder LimitedToScope(this RouteGroupBuilder orders) => orders.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var scope = StaffScope.Of(http.User);
        if ((scope.Channels is null && scope.Warehouses is null) || !Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id))
        {
            return await next(context);
        }

        var db = http.RequestServices.GetRequiredService<OrderDbContext>();
        var order = await db.Orders.AsNoTracking().Where(o => o.CorrelationId == id).Select(o => new { o.ChannelCode, o.Shipments }).SingleOrDefaultAsync(http.RequestAborted);
        if (order is null)
        {
            return await next(context);
        }

        var shipment = Guid.TryParse(http.Request.RouteValues["shipmentId"]?.ToString(), out var shipmentId) ? order.Shipments.FirstOrDefault(s => s.Id == shipmentId) : null;
        var visible = scope.SeesChannel(order.ChannelCode) && (scope.Warehouses is null
            || (shipment is not null ? scope.SeesWarehouse(shipment.Warehouse) : order.Shipments.Any(s => scope.SeesWarehouse(s.Warehouse))));
        return visible ? await next(context) : StaffScope.NotFound();
    });
}
