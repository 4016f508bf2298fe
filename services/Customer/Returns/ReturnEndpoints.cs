using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Customers;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.Tickets;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Returns;

/// <summary><c>Customer:ReturnWindowDays</c>: how long after delivery goods may be returned without a staff override.</summary>
public sealed class ReturnOptions
{
    public const string Section = "Customer";

    public int ReturnWindowDays { get; set; } = 30;
}

public static class ReturnEndpoints
{
    public sealed record ReturnBody(Guid? OrderId, IReadOnlyList<LineBody?>? Lines, string? Resolution, IReadOnlyList<string?>? ExchangeSkus, string? OverrideReason);

    public sealed record LineBody(string? Sku, int? Quantity, string? Reason);

    public sealed record ReceiptBody(Guid? ReceiptId, string? Warehouse, IReadOnlyList<ReceiptLineBody?>? Lines);

    public sealed record ReceiptLineBody(string? Sku, int? Quantity, string? Condition);

    public sealed record ReturnView(
        Guid Id, string Number, Guid OrderId, Guid? CustomerId, string Channel, string Status, string Resolution, IReadOnlyList<ReturnLineView> Lines,
        IReadOnlyList<ReturnReceipt> Receipts, DateTime AuthorisedAt, string? OverrideReason, DateTime? ReceivedAt, decimal? RefundAmount, string Currency,
        DateTime? RefundedAt, Guid? ExchangeOrderId, DateTime? ExchangedAt, Guid? TicketId);

    public sealed record ReturnLineView(string Sku, int Quantity, string Reason, decimal UnitRefund, string? ExchangeSku, int Received, int Resellable, int Damaged);

    public static void MapReturns(this WebApplication app)
    {
        var returns = app.MapGroup("/api/returns").WithTags("Returns").RequireAuthorization(StaffPolicies.CustomerService);
        returns.MapPost("/", Authorise).ProducesValidationProblem()
            .WithSummary("Authorises a return of shipped goods: refund or exchange")
            .WithDescription("""
                Within the return window (Customer:ReturnWindowDays, 30 days after delivery by default); outside it only with `overrideReason`.
                Per SKU, at most shipped − units in the order's earlier returns (authorised but not yet received ones included) may be returned.
                `exchangeSkus`, for `resolution: exchange`, gives each line's replacement SKU, in the order of `lines` (same quantity).
                Opens a ticket (category return) for the customer.
                """);
        returns.MapGet("/", List).ProducesValidationProblem().WithSummary("The returns of an order (orderId is required)");
        returns.MapGet("/{id:guid}", Get).WithSummary("A return with its lines, receipts and resolution");
        returns.MapPost("/{id:guid}/receipts", Receive).ProducesValidationProblem()
            .WithSummary("Records returned goods arriving at a warehouse, line by line with their condition")
            .WithDescription("""
                `condition`: resellable (back to stock in `warehouse`, Inventory's ledger reason "return") or damaged (scrapped). Never more of a SKU
                than was authorised. `receiptId` (optional) makes a repeated receipt count once. Once every authorised unit is in, the return is
                Received and then, by itself, Refunded (amount per SKU = round(net × (refunded before + now) ÷ ordered) − round(net × refunded before
                ÷ ordered), from the order's paid net prices, promotions included; publishes RefundIssued and reverses loyalty points) or Exchanged
                (a new order for the replacements at no charge, reserved like any order).
                """);
    }

    private static async Task<IResult> Authorise(ReturnBody body, CustomerDbContext db, TicketDesk desk, IOptions<ReturnOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (body.OrderId is null)
        {
            errors.Add("orderId", "is required");
        }

        if (body.Resolution is null || !ReturnResolutions.All.Contains(body.Resolution))
        {
            errors.Add("resolution", $"must be one of {string.Join(", ", ReturnResolutions.All)}");
        }

        var lines = body.Lines ?? [];
        if (lines.Count == 0)
        {
            errors.Add("lines", "must name at least one line");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            errors.Require(lines[i]?.Sku, $"lines[{i}].sku", 64).Require(lines[i]?.Reason, $"lines[{i}].reason", 200);
            if (lines[i]?.Quantity is not > 0)
            {
                errors.Add($"lines[{i}].quantity", "must be at least 1");
            }
        }

        if (body.Resolution == ReturnResolutions.Exchange)
        {
            if (body.ExchangeSkus is not { } replacements || replacements.Count != lines.Count)
            {
                errors.Add("exchangeSkus", "must give one replacement SKU per line, in the order of lines");
            }
            else
            {
                for (var i = 0; i < replacements.Count; i++)
                {
                    errors.Require(replacements[i], $"exchangeSkus[{i}]", 64);
                }
            }
        }
        else if (body.ExchangeSkus is { Count: > 0 })
        {
            errors.Add("exchangeSkus", "is only for resolution exchange");
        }

        if (body.OverrideReason is { Length: > 500 })
        {
            errors.Add("overrideReason", "must be at most 500 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var outcome = await db.InTransaction<(IResult? Refused, Guid Id)>(async () =>
        {
            // The order's row lock makes two returns of the same order take turns, so their balances add up.
            var order = await OrderRows.Lock(db, body.OrderId!.Value, cancellationToken);
            if (order is not { Placed: true })
            {
                return (InputErrors.Single("orderId", "is not a known order"), default);
            }

            if (order.Shipped.Count == 0)
            {
                return (InputErrors.Conflict("orderId", "nothing of this order has shipped yet"), default);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var windowEnds = order.DeliveredAt?.AddDays(options.Value.ReturnWindowDays);
            var overrideReason = string.IsNullOrWhiteSpace(body.OverrideReason) ? null : body.OverrideReason.Trim();
            if (windowEnds < now && overrideReason is null)
            {
                return (InputErrors.Conflict("orderId", $"the return window closed at {windowEnds:u}; give overrideReason to authorise it anyway", "Outside the return window"), default);
            }

            var earlier = await db.Returns.AsNoTracking().Where(r => r.OrderId == order.OrderId).ToListAsync(cancellationToken);
            var refused = new InputErrors();
            var requested = lines.Select((line, i) => (Sku: line!.Sku!.Trim().ToUpperInvariant(), line.Quantity!.Value, i)).ToList();
            foreach (var (sku, _, i) in requested)
            {
                var asked = requested.Where(r => r.Sku == sku).Sum(r => r.Value);
                var open = ReturnBalance.Returnable(order.Shipped, earlier, sku);
                if (order.Shipped.All(line => line.Sku != sku))
                {
                    refused.Add($"lines[{i}].sku", "did not ship with this order");
                }
                else if (asked > open)
                {
                    refused.Add($"lines[{i}].quantity", $"at most {Math.Max(0, open)} of {sku} can still be returned (shipped {order.Shipped.Where(l => l.Sku == sku).Sum(l => l.Quantity)}, in earlier returns {earlier.SelectMany(r => r.Lines).Where(l => l.Sku == sku).Sum(l => l.Quantity)})");
                }
            }

            if (refused.Any)
            {
                return (refused.ToConflict("More than can be returned"), default);
            }

            var request = new ReturnRequest
            {
                Id = NewId.NextGuid(), OrderId = order.OrderId, CustomerId = order.CustomerId, ChannelCode = order.ChannelCode, Currency = order.Currency,
                Resolution = body.Resolution!, AuthorisedAt = now, OverrideReason = windowEnds < now ? overrideReason : null,
                Lines = requested.Select(r => new ReturnLine
                {
                    Sku = r.Sku, Quantity = r.Value, Reason = lines[r.i]!.Reason!.Trim(), UnitRefund = ReturnBalance.UnitPrice(order.Lines, r.Sku),
                    ExchangeSku = body.Resolution == ReturnResolutions.Exchange ? body.ExchangeSkus![r.i]!.Trim().ToUpperInvariant() : null,
                }).ToList(),
            };
            db.Returns.Add(request);
            if (order.CustomerId is { } customerId && await CustomerRows.Lock(db, customerId, cancellationToken) is { IsActive: true } customer)
            {
                var summary = string.Join(", ", request.Lines.Select(line => $"{line.Quantity} × {line.Sku} ({line.Reason})"));
                request.TicketId = desk.Open(customer, "return", TicketPriorities.Normal, $"Return for order {order.ExternalId}",
                    $"Return authorised ({request.Resolution}): {summary}", TicketDesk.System, order.OrderId, order.ChannelCode, openedBy: "return").Id;
            }

            return (null, request.Id);
        }, cancellationToken);
        return outcome.Refused ?? Results.Created($"/api/returns/{outcome.Id}", View(await db.Returns.AsNoTracking().SingleAsync(r => r.Id == outcome.Id, cancellationToken)));
    }

    private static async Task<IResult> List(Guid? orderId, CustomerDbContext db, CancellationToken cancellationToken) =>
        orderId is null
            ? InputErrors.Single("orderId", "is required")
            : Results.Ok((await db.Returns.AsNoTracking().Where(r => r.OrderId == orderId).OrderBy(r => r.Sequence).ToListAsync(cancellationToken)).Select(View));

    private static async Task<IResult> Get(Guid id, CustomerDbContext db, CancellationToken cancellationToken) =>
        await db.Returns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) is { } request ? Results.Ok(View(request)) : NoSuchReturn();

    private static async Task<IResult> Receive(Guid id, ReceiptBody body, CustomerDbContext db, ReturnResolution resolution, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(body.Warehouse, "warehouse", 32);
        var lines = body.Lines ?? [];
        if (lines.Count == 0)
        {
            errors.Add("lines", "must name at least one line");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            errors.Require(lines[i]?.Sku, $"lines[{i}].sku", 64);
            if (lines[i]?.Quantity is not > 0)
            {
                errors.Add($"lines[{i}].quantity", "must be at least 1");
            }

            if (lines[i]?.Condition is not { } condition || !ReturnCondition.All.Contains(condition))
            {
                errors.Add($"lines[{i}].condition", $"must be one of {string.Join(", ", ReturnCondition.All)}");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var refused = await db.InTransaction<IResult?>(async () =>
        {
            var request = await db.Returns.FromSql($"""SELECT * FROM returns WHERE "Id" = {id} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (request is null)
            {
                return NoSuchReturn();
            }

            if (body.ReceiptId is { } receiptId && request.Receipts.Any(r => r.ReceiptId == receiptId))
            {
                return null;
            }

            if (request.Status != ReturnStatus.Authorised)
            {
                return InputErrors.Conflict("id", $"the return is {request.Status}: everything authorised has been received");
            }

            var warehouse = body.Warehouse!.Trim().ToUpperInvariant();
            if (!await db.Warehouses.AnyAsync(w => w.Code == warehouse, cancellationToken))
            {
                return InputErrors.Single("warehouse", "is not a known warehouse");
            }

            var received = lines.Select((line, i) => (Sku: line!.Sku!.Trim().ToUpperInvariant(), Quantity: line.Quantity!.Value, line.Condition, i)).ToList();
            var over = new InputErrors();
            foreach (var (sku, _, _, i) in received)
            {
                var authorised = request.Lines.Where(l => l.Sku == sku).ToList();
                var arriving = received.Where(r => r.Sku == sku).Sum(r => r.Quantity);
                if (authorised.Count == 0)
                {
                    over.Add($"lines[{i}].sku", "is not in this return");
                }
                else if (arriving > authorised.Sum(l => l.Quantity - l.Received))
                {
                    over.Add($"lines[{i}].quantity", $"only {authorised.Sum(l => l.Quantity - l.Received)} of {sku} are still expected");
                }
            }

            if (over.Any)
            {
                return over.ToConflict("More than was authorised");
            }

            await resolution.Receive(request, new ReturnReceipt(body.ReceiptId ?? NewId.NextGuid(), warehouse, clock.GetUtcNow().UtcDateTime,
                received.Select(r => new ReturnedLine { Sku = r.Sku, Quantity = r.Quantity, Condition = r.Condition! }).ToList()), cancellationToken);
            return null;
        }, cancellationToken);
        return refused ?? Results.Ok(View(await db.Returns.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken)));
    }

    public static ReturnView View(ReturnRequest r) => new(
        r.Id, r.Number, r.OrderId, r.CustomerId, r.ChannelCode, r.Status, r.Resolution,
        r.Lines.Select(l => new ReturnLineView(l.Sku, l.Quantity, l.Reason, l.UnitRefund, l.ExchangeSku, l.Received, l.Resellable, l.Damaged)).ToList(),
        r.Receipts, r.AuthorisedAt, r.OverrideReason, r.ReceivedAt, r.RefundAmount, r.Currency, r.RefundedAt, r.ExchangeOrderId, r.ExchangedAt, r.TicketId);

    private static IResult NoSuchReturn() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such return");
}
