using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Order.Carriers;
using OmniRetail.Order.Fulfilment;
using OmniRetail.Order.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Order.Orders;

/// <summary>
/// Orders as staff see and act on them. Actions are checked against the order's current status and then
/// handed to the fulfilment saga (202): the saga makes the change, records it in the timeline, and
/// ignores an action that a concurrent change has made obsolete.
/// </summary>
public static class OrderEndpoints
{
    public sealed record OrderView(
        Guid Id, string Status, string ChannelCode, string ExternalId, string Currency, decimal Total, string PaymentStatus,
        string? ExceptionReason, SubmittedCustomer Customer, SubmittedAddress? ShippingAddress, IReadOnlyList<SubmittedLine> Lines,
        IReadOnlyList<StockAllocation> Reservations, IReadOnlyList<Shipment> Shipments, Invoice? Invoice, IReadOnlyList<TimelineView> Timeline,
        OrderPricing? Pricing = null, IReadOnlyList<string>? Promotions = null);

    public sealed record TimelineView(DateTime At, string Status, string Cause);

    /// <param name="OrderId">Null for an entry about no single order (the stock ledger).</param>
    public sealed record ExceptionView(Guid? OrderId, string Kind, string Status, string Reason, double AgeMinutes, string? ChannelCode, string? ExternalId, string[] Actions);

    public sealed record CancelRequest(string? Reason);

    /// <param name="Carrier">With <paramref name="Service"/> and <paramref name="OverrideReason"/>: ship with other than the carrier choice (a registered carrier and one of its services).</param>
    public sealed record ShipRequest(string? Carrier, string? TrackingNumber, string? Service = null, string? OverrideReason = null);

    public sealed record DeliveryProblemRequest(string? Reason);

    public static void MapOrders(this WebApplication app)
    {
        var orders = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(StaffPolicies.Staff).LimitedToScope();
        orders.MapGet("/{id:guid}", Get).WithName("GetOrder");
        orders.MapGet("/", Find).WithSummary("Finds the order a channel knows by its own id: ?channel={code}&externalId={id}");
        orders.MapGet("/known-products/{sku}", async (string sku, OrderDbContext db) =>
                await db.KnownProducts.FindAsync(sku.ToUpperInvariant()) is { } product ? Results.Ok(product) : Results.NotFound())
            .WithSummary("Whether order review knows this SKU yet (Catalog's ProductRegistered reached the Order service)");
        orders.MapGet("/exceptions", Exceptions).ProducesValidationProblem()
            .WithSummary("Everything waiting for a person, oldest first, paged")
            .WithDescription($"""
                Kinds: `invalid-order` (on hold), `out-of-stock` (backordered), `delivery-problem` (delivery failed, or a packed shipment no carrier service fits), `stuck` (still received
                or reserving after `Orders:StuckAfter`, default 5 minutes), `stock-ledger` (Inventory's ledger check found violations; see
                `GET /api/inventory/invariants`). Each entry lists the actions that resolve it. `limit` 1–{Paging.MaxLimit} (default
                {Paging.DefaultLimit}); pass `nextCursor` as `cursor` for the next page.
                """);
        orders.MapPost("/{id:guid}/cancel", Cancel).RequireAuthorization(StaffPolicies.Operations);
        orders.MapPost("/{id:guid}/release", Release).RequireAuthorization(StaffPolicies.Operations);
        orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/pack", Pack).RequireAuthorization(StaffPolicies.Warehouse)
            .WithSummary("Packs a shipment; the carrier service is chosen for it then (the shipment's carrierService, or a delivery problem when none fits)")
            .WithDescription(CarrierChoice.Rule);
        orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/ship", Ship).RequireAuthorization(StaffPolicies.Warehouse).ProducesValidationProblem()
            .WithSummary("Ships a shipment: {trackingNumber} with the chosen carrier service, or {carrier, service, overrideReason, trackingNumber} to ship otherwise");
        orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/deliver", Deliver).RequireAuthorization(StaffPolicies.Warehouse);
        orders.MapPost("/{id:guid}/shipments/{shipmentId:guid}/delivery-failed", DeliveryProblem).RequireAuthorization(StaffPolicies.Warehouse);
    }

    private static async Task<IResult> Get(Guid id, OrderDbContext db, PersonalDataProtector protector, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.CorrelationId == id, cancellationToken) is { } order
            ? Results.Ok(await View(db, protector, order, cancellationToken))
            : NotFound(id);

    private static async Task<IResult> Find(
        string? channel, string? externalId, OrderDbContext db, PersonalDataProtector protector, StaffScope scope, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(channel, "channel", 32).Require(externalId, "externalId", 128);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!scope.SeesChannel(channel))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {externalId} from channel {channel}");
        }

        return await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.ChannelCode == channel && o.ExternalId == externalId, cancellationToken) is { } order
            ? Results.Ok(await View(db, protector, order, cancellationToken))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {externalId} from channel {channel}");
    }

    private static readonly string[] ExceptionStates = [OrderStatus.OnHold, OrderStatus.Backordered, OrderStatus.DeliveryFailed];

    private static readonly string[] InProgressStates = [OrderStatus.Received, OrderStatus.Reserving];

    /// <summary>Where a packed shipment no carrier service fits waits for staff to choose one.</summary>
    private static readonly string[] ShippingStates = [OrderStatus.Allocated, OrderStatus.Packed];

    private static async Task<IResult> Exceptions(
        int? limit, string? cursor, OrderDbContext db, IOptions<FulfilmentOptions> options, StaffScope scope, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out string? after) is { } refusal)
        {
            return refusal;
        }

        (DateTime Since, Guid Id) start = (DateTime.MinValue, Guid.Empty);
        if (after is not null && !TryReadExceptionCursor(after, out start))
        {
            return InputErrors.Single("cursor", "is not a cursor this list handed out");
        }

        var now = DateTime.UtcNow;
        var stuckBefore = now - options.Value.StuckAfter;
        var size = Paging.Size(limit);
        var channels = scope.Channels?.ToArray();
        var page = await db.Orders.AsNoTracking()
            .Where(o => channels == null || channels.Contains(o.ChannelCode))
            .Where(o => ExceptionStates.Contains(o.CurrentState) || (InProgressStates.Contains(o.CurrentState) && o.UpdatedAt < stuckBefore)
                        || (ShippingStates.Contains(o.CurrentState) && o.ExceptionReason != null))
            .Select(o => new { Order = o, Since = o.ExceptionSince ?? o.UpdatedAt })
            .Where(o => EF.Functions.GreaterThan(ValueTuple.Create(o.Since, o.Order.CorrelationId), ValueTuple.Create(start.Since, start.Id)))
            .OrderBy(o => o.Since).ThenBy(o => o.Order.CorrelationId)
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        var result = Paging.PageOf(page, size, o => Exception(o.Order, now), o => $"{o.Since.Ticks}:{o.Order.CorrelationId}");
        if (after is null && await db.StockLedgerReports.AsNoTracking().SingleOrDefaultAsync(r => r.Violations > 0, cancellationToken) is { } ledger)
        {
            result = result with
            {
                Items = result.Items.Prepend(new ExceptionView(null, "stock-ledger", "Violated", $"{ledger.Violations} ledger violation(s): {ledger.Summary}",
                    Math.Round((now - (ledger.BrokenSince ?? ledger.CheckedAt)).TotalMinutes, 1), null, null,
                    ["inspect (GET /api/inventory/invariants)", "correct stock (POST /api/inventory/adjustments)"])).ToList(),
            };
        }

        return Results.Ok(result);
    }

    private static bool TryReadExceptionCursor(string key, out (DateTime Since, Guid Id) start)
    {
        start = default;
        var parts = key.Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], out var ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks || !Guid.TryParse(parts[1], out var id))
        {
            return false;
        }

        start = (new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }

    private static Task<IResult> Cancel(Guid id, CancelRequest? request, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user) =>
        Act(db, outbox, id, StaffAction.Cancel, new CancellationRequested(id, $"cancelled by {By(user)}: {request?.Reason ?? "no reason given"}"));

    private static Task<IResult> Release(Guid id, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user) =>
        Act(db, outbox, id, StaffAction.Release, new HoldReleased(id, By(user)));

    private static Task<IResult> Pack(Guid id, Guid shipmentId, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user) =>
        Act(db, outbox, id, StaffAction.Pack, new ShipmentPacked(id, shipmentId, By(user)), shipmentId);

    /// <summary>
    /// Ships with the carrier service chosen when the shipment was packed, or with the one staff name instead (then with a
    /// reason). The carrier's label carries the tracking number, which is always required.
    /// </summary>
    private static async Task<IResult> Ship(Guid id, Guid shipmentId, ShipRequest request, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user)
    {
        var errors = new InputErrors().Require(request.TrackingNumber, "trackingNumber", 128);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var chosen = (await db.Orders.AsNoTracking().Where(o => o.CorrelationId == id).Select(o => o.Shipments).SingleOrDefaultAsync())?
            .SingleOrDefault(s => s.Id == shipmentId)?.CarrierService;
        var (carrier, service) = (request.Carrier ?? chosen?.Carrier, request.Service ?? (request.Carrier is null || request.Carrier == chosen?.Carrier ? chosen?.Service : null));
        if (carrier is null)
        {
            return InputErrors.Conflict("carrier", "no carrier service was chosen for this shipment (none serves its destination and weight, or it is not packed yet): give carrier, service and overrideReason");
        }

        var overriding = carrier != chosen?.Carrier || service != chosen?.Service;
        if (overriding)
        {
            var registered = await db.Carriers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == carrier);
            if (registered is null)
            {
                errors.Add("carrier", $"no carrier '{carrier}' (POST /api/carriers)");
            }
            else if (service is null || registered.Services.All(s => s.Code != service))
            {
                errors.Add("service", $"one of {carrier}'s services is required: {string.Join(", ", registered.Services.Select(s => s.Code))}");
            }

            errors.Require(request.OverrideReason, "overrideReason", 500);
            if (errors.Any)
            {
                return errors.ToProblem();
            }
        }

        return await Act(db, outbox, id, StaffAction.Ship,
            new ShipmentShipped(id, shipmentId, carrier, request.TrackingNumber!, By(user), service, overriding ? request.OverrideReason : null), shipmentId);
    }

    private static Task<IResult> Deliver(Guid id, Guid shipmentId, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user) =>
        Act(db, outbox, id, StaffAction.Deliver, new ShipmentDelivered(id, shipmentId, By(user)), shipmentId);

    private static async Task<IResult> DeliveryProblem(
        Guid id, Guid shipmentId, DeliveryProblemRequest request, OrderDbContext db, TransactionalOutbox outbox, ClaimsPrincipal user)
    {
        var errors = new InputErrors().Require(request.Reason, "reason", 256);
        return errors.Any
            ? errors.ToProblem()
            : await Act(db, outbox, id, StaffAction.DeliveryFailed, new ShipmentDeliveryFailed(id, shipmentId, request.Reason!, By(user)), shipmentId);
    }

    private static async Task<IResult> Act<T>(OrderDbContext db, TransactionalOutbox outbox, Guid id, StaffAction staffAction, T action, Guid? shipmentId = null)
        where T : class
    {
        var allowedIn = StaffActions.AllowedIn[staffAction];
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.CorrelationId == id);
        if (order is null)
        {
            return NotFound(id);
        }

        if (!allowedIn.Contains(order.CurrentState))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Not possible while the order is {order.CurrentState}",
                detail: $"Allowed when the order is {string.Join(" or ", allowedIn)}.", extensions: new Dictionary<string, object?> { ["status"] = order.CurrentState });
        }

        if (shipmentId is { } shipment && order.Shipments.All(s => s.Id != shipment))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Order {id} has no shipment {shipment}");
        }

        outbox.Publish(action, id.ToString());
        await db.SaveChangesAsync();
        return Results.Accepted($"/api/orders/{id}", new { orderId = id, action = typeof(T).Name, status = "accepted" });
    }

    private static async Task<OrderView> View(OrderDbContext db, PersonalDataProtector protector, OrderState order, CancellationToken cancellationToken)
    {
        var submitted = order.SubmittedOrder(protector);
        var timeline = await db.Timeline.AsNoTracking().Where(e => e.OrderId == order.CorrelationId).OrderBy(e => e.Id)
            .Select(e => new TimelineView(e.At, e.Status, e.Cause)).ToListAsync(cancellationToken);
        var shipments = order.Shipments;
        var reservations = shipments.Any(s => s.ShippedAt is not null) || order.CurrentState == OrderStatus.Cancelled ? [] : order.Allocations;
        return new OrderView(order.CorrelationId, order.CurrentState, order.ChannelCode, order.ExternalId, submitted.Currency, order.Total,
            order.PaymentStatus, order.ExceptionReason, submitted.Customer, submitted.ShippingAddress, submitted.Lines, reservations, shipments,
            order.Invoice, timeline, order.Pricing, order.Pricing?.Lines.SelectMany(l => l.Promotions).Distinct().ToList() ?? []);
    }

    private static ExceptionView Exception(OrderState o, DateTime now)
    {
        var (kind, extra) = o.CurrentState switch
        {
            OrderStatus.OnHold => ("invalid-order", Array.Empty<string>()),
            OrderStatus.Backordered => ("out-of-stock", ["receive stock (POST /api/inventory/receipts)"]),
            OrderStatus.DeliveryFailed => ("delivery-problem", []),
            OrderStatus.Allocated or OrderStatus.Packed when o.ExceptionReason is not null => ("delivery-problem", ["choose a carrier (POST .../ship with carrier, service, overrideReason)"]),
            _ => ("stuck", []),
        };
        var reason = kind == "stuck" ? $"still {o.CurrentState} since {o.UpdatedAt:u}; check Inventory and the error queues" : o.ExceptionReason ?? "";
        return new ExceptionView(o.CorrelationId, kind, o.CurrentState, reason, Math.Round((now - (o.ExceptionSince ?? o.UpdatedAt)).TotalMinutes, 1),
            o.ChannelCode, o.ExternalId, [.. extra, .. StaffActions.In(o.CurrentState)]);
    }

    private static string By(ClaimsPrincipal user) => user.Identity?.Name ?? "staff";

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {id}");
}
