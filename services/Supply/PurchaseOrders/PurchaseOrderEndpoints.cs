using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.PurchaseOrders;

public static class PurchaseOrderEndpoints
{
    /// <summary>More than this on one line is a typing error, not an order.</summary>
    public const int MaxLineQuantity = 1_000_000;

    public sealed record PurchaseOrderRequest(string? Supplier, string? Warehouse, IReadOnlyList<LineRequest?>? Lines, DateTime? ExpectedAt);

    public sealed record LineRequest(string? Sku, int? Quantity, decimal? UnitCost);

    public sealed record ReceiptRequest(IReadOnlyList<ReceiptLineRequest?>? Lines, Guid? ReceiptId);

    public sealed record ReceiptLineRequest(string? Sku, int? Quantity, bool? AllowOverReceipt);

    public static void MapPurchaseOrders(this WebApplication app)
    {
        var orders = app.MapGroup("/api/supply/purchase-orders").WithTags("Purchase orders");
        orders.MapPost("/", Create).RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Drafts a purchase order")
            .WithDescription("A line without `unitCost` is priced from the supplier's offer for that SKU: the best price break its quantity reaches (all units).");
        orders.MapGet("/", List).RequireAuthorization(StaffPolicies.Staff).ProducesValidationProblem()
            .WithSummary("Purchase orders, newest first, optionally by status and supplier, paged")
            .WithDescription($"`status` one of {string.Join(", ", PurchaseOrderStatus.All)}. `limit` 1–{Paging.MaxLimit}; pass `nextCursor` as `cursor` for the next page.");
        orders.MapGet("/{id:guid}", Get).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("A purchase order with ordered, received and open quantities per line, and the actions its status allows");
        orders.MapPost("/{id:guid}/send", (Guid id, SupplyDbContext db, PolicyRecompute policies, TimeProvider clock, CancellationToken ct) =>
                Act(id, PurchaseOrderActions.Send, db, policies, ct, (order, supplier) =>
                {
                    order.SentAt = clock.GetUtcNow().UtcDateTime;
                    order.ExpectedAt ??= order.SentAt.Value.AddDays(supplier.LeadTimeDays);
                    return PurchaseOrderStatus.Sent;
                }))
            .RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Draft → Sent: its open quantities count as on order; `expectedAt` defaults to now + the supplier's lead time");
        orders.MapPost("/{id:guid}/close", (Guid id, SupplyDbContext db, PolicyRecompute policies, TimeProvider clock, CancellationToken ct) =>
                Act(id, PurchaseOrderActions.Close, db, policies, ct, (order, _) =>
                {
                    order.ClosedAt = clock.GetUtcNow().UtcDateTime;
                    return PurchaseOrderStatus.Closed;
                }))
            .RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("No more goods are expected: what is still open stops counting as on order");
        orders.MapPost("/{id:guid}/cancel", (Guid id, SupplyDbContext db, PolicyRecompute policies, TimeProvider clock, CancellationToken ct) =>
                Act(id, PurchaseOrderActions.Cancel, db, policies, ct, (order, _) =>
                {
                    order.ClosedAt = clock.GetUtcNow().UtcDateTime;
                    return PurchaseOrderStatus.Cancelled;
                }))
            .RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Cancels a Draft or Sent purchase order (nothing received yet)");
        orders.MapPost("/{id:guid}/receipts", Receive).RequireAuthorization(StaffPolicies.Warehouse).ProducesValidationProblem()
            .WithSummary("Goods arrived: the PO becomes PartiallyReceived or Received and Inventory books a receipt with the PO's number")
            .WithDescription("Receiving more than is open on a line is refused (409 naming the line's `quantity`) unless the line says `allowOverReceipt: true`. Send the same `receiptId` again (a retry) and nothing is received twice.");
    }

    private static async Task<IResult> Create(PurchaseOrderRequest request, SupplyDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Supplier, "supplier", 32).Require(request.Warehouse, "warehouse", 32);
        var supplier = string.IsNullOrWhiteSpace(request.Supplier) ? null : await db.Suppliers.FindAsync([request.Supplier.ToUpperInvariant()], cancellationToken);
        if (supplier is null && !string.IsNullOrWhiteSpace(request.Supplier))
        {
            errors.Add("supplier", $"no supplier with code '{request.Supplier}'");
        }

        if (!string.IsNullOrWhiteSpace(request.Warehouse) && await db.Warehouses.FindAsync([request.Warehouse.ToUpperInvariant()], cancellationToken) is null)
        {
            errors.Add("warehouse", $"no warehouse with code '{request.Warehouse}'");
        }

        var lines = await ReadLines(request.Lines, supplier, db, errors, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var order = PurchaseOrders.Draft(supplier!, request.Warehouse!.ToUpperInvariant(), lines, request.ExpectedAt?.ToUniversalTime(), "manual", clock);
        db.PurchaseOrders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return Results.Created($"/api/supply/purchase-orders/{order.Id}", PurchaseOrderView.Of(order));
    }

    private static async Task<List<PurchaseOrderLine>> ReadLines(
        IReadOnlyList<LineRequest?>? requested, Supplier? supplier, SupplyDbContext db, InputErrors errors, CancellationToken cancellationToken)
    {
        var lines = new List<PurchaseOrderLine>();
        if (requested is not { Count: > 0 })
        {
            errors.Add("lines", "at least one line is required");
            return lines;
        }

        var skus = requested.Select(l => l?.Sku?.ToUpperInvariant()).OfType<string>().ToList();
        var known = (await db.Skus.Where(s => skus.Contains(s.Sku)).Select(s => s.Sku).ToListAsync(cancellationToken)).ToHashSet();
        var offers = supplier is null ? [] : await db.Offers.AsNoTracking().Where(o => o.SupplierCode == supplier.Code && skus.Contains(o.Sku)).ToDictionaryAsync(o => o.Sku, cancellationToken);
        for (var i = 0; i < requested.Count; i++)
        {
            var line = requested[i];
            var sku = line?.Sku?.Trim().ToUpperInvariant();
            if (string.IsNullOrEmpty(sku))
            {
                errors.Add($"lines[{i}].sku", "is required");
            }
            else if (!known.Contains(sku))
            {
                errors.Add($"lines[{i}].sku", $"no product with SKU '{sku}' in the catalogue");
            }
            else if (lines.Any(l => l.Sku == sku))
            {
                errors.Add($"lines[{i}].sku", "appears on another line; put the whole quantity on one");
            }

            if (line?.Quantity is not (> 0 and <= MaxLineQuantity))
            {
                errors.Add($"lines[{i}].quantity", $"must be a whole number from 1 to {MaxLineQuantity}");
            }

            if (line?.UnitCost is <= 0)
            {
                errors.Add($"lines[{i}].unitCost", "must be more than 0");
            }
            else if (line?.UnitCost is null && sku is not null && supplier is not null && !offers.ContainsKey(sku))
            {
                errors.Add($"lines[{i}].unitCost", $"is required: supplier {supplier.Code} has no offer for {sku}");
            }

            if (!errors.Any && sku is not null && line?.Quantity is > 0 and <= MaxLineQuantity)
            {
                lines.Add(new PurchaseOrderLine(sku, line.Quantity.Value, line.UnitCost ?? offers[sku].UnitCostFor(line.Quantity.Value)));
            }
        }

        return lines;
    }

    private static async Task<IResult> List(string? status, string? supplier, int? limit, string? cursor, SupplyDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long before) is { } refusal)
        {
            return refusal;
        }

        if (status is not null && !PurchaseOrderStatus.All.Contains(status))
        {
            return InputErrors.Single("status", $"must be one of {string.Join(", ", PurchaseOrderStatus.All)}");
        }

        before = cursor is null ? long.MaxValue : before;
        var code = supplier?.ToUpperInvariant();
        var page = await db.PurchaseOrders.AsNoTracking()
            .Where(o => (status == null || o.Status == status) && (code == null || o.SupplierCode == code) && o.Sequence < before)
            .OrderByDescending(o => o.Sequence).Take(Paging.Size(limit) + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(page, Paging.Size(limit), PurchaseOrderView.Of, o => o.Sequence));
    }

    private static async Task<IResult> Get(Guid id, SupplyDbContext db, CancellationToken cancellationToken) =>
        await db.PurchaseOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken) is { } order
            ? Results.Ok(PurchaseOrderView.Of(order))
            : NotFound(id);

    private static async Task<IResult> Act(
        Guid id, string action, SupplyDbContext db, PolicyRecompute policies, CancellationToken cancellationToken, Func<PurchaseOrder, Supplier, string> apply)
    {
        IResult? outcome = null;
        await db.InTransaction(async () =>
        {
            var order = await PurchaseOrders.Lock(db, id, cancellationToken);
            if (order is null)
            {
                outcome = NotFound(id);
                return;
            }

            if (!PurchaseOrderStatus.Allows(order.Status, action))
            {
                outcome = NotAllowed(order, action);
                return;
            }

            var supplier = await db.Suppliers.SingleAsync(s => s.Code == order.SupplierCode, cancellationToken);
            order.Status = apply(order, supplier);
            await db.SaveChangesAsync(cancellationToken);
            await policies.RefreshPositions(order.Lines.Select(l => l.Sku).ToList(), cancellationToken);
            outcome = Results.Ok(PurchaseOrderView.Of(order));
        }, cancellationToken);
        return outcome!;
    }

    private static async Task<IResult> Receive(
        Guid id, ReceiptRequest request, SupplyDbContext db, TransactionalOutbox outbox, PolicyRecompute policies, TimeProvider clock, CancellationToken cancellationToken)
    {
        IResult? outcome = null;
        await db.InTransaction(async () =>
        {
            var order = await PurchaseOrders.Lock(db, id, cancellationToken);
            if (order is null)
            {
                outcome = NotFound(id);
                return;
            }

            if (request.ReceiptId is { } receiptId && order.Receipts.Any(r => r.Id == receiptId))
            {
                outcome = Results.Ok(PurchaseOrderView.Of(order));
                return;
            }

            if (!PurchaseOrderStatus.Allows(order.Status, PurchaseOrderActions.Receive))
            {
                outcome = NotAllowed(order, PurchaseOrderActions.Receive);
                return;
            }

            var (lines, refusal) = CheckReceipt(order, request.Lines);
            if (refusal is not null)
            {
                outcome = refusal;
                return;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var receipt = new PurchaseReceipt(request.ReceiptId ?? Guid.CreateVersion7(), now, lines);
            foreach (var line in lines)
            {
                order.Lines.Single(l => l.Sku == line.Sku).Received += line.Quantity;
            }

            order.Receipts.Add(receipt);
            var complete = order.Lines.All(l => l.Open == 0);
            order.FullyReceivedAt ??= complete ? now : null;
            order.Status = order.Status == PurchaseOrderStatus.Received || complete ? PurchaseOrderStatus.Received : PurchaseOrderStatus.PartiallyReceived;
            outbox.Publish(new ReceivePurchasedStock
            {
                ReceiptId = receipt.Id, Reference = order.Number, Warehouse = order.Warehouse,
                Lines = lines.Select(l => new StockLine { Sku = l.Sku, Quantity = l.Quantity }).ToList(),
            }, order.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
            await policies.RefreshPositions(lines.Select(l => l.Sku).ToList(), cancellationToken);
            outcome = Results.Ok(PurchaseOrderView.Of(order));
        }, cancellationToken);
        return outcome!;
    }

    private static (List<ReceiptLine> Lines, IResult? Refusal) CheckReceipt(PurchaseOrder order, IReadOnlyList<ReceiptLineRequest?>? requested)
    {
        var errors = new InputErrors();
        var lines = new List<ReceiptLine>();
        if (requested is not { Count: > 0 })
        {
            return (lines, InputErrors.Single("lines", "at least one line is required"));
        }

        var overReceived = new InputErrors();
        for (var i = 0; i < requested.Count; i++)
        {
            var line = requested[i];
            var sku = line?.Sku?.Trim().ToUpperInvariant();
            var ordered = order.Lines.SingleOrDefault(l => l.Sku == sku);
            if (ordered is null)
            {
                errors.Add($"lines[{i}].sku", string.IsNullOrEmpty(sku) ? "is required" : $"{sku} is not on {order.Number}");
            }
            else if (lines.Any(l => l.Sku == sku))
            {
                errors.Add($"lines[{i}].sku", "appears on another line of this receipt");
            }

            if (line?.Quantity is not (> 0 and <= MaxLineQuantity))
            {
                errors.Add($"lines[{i}].quantity", $"must be a whole number from 1 to {MaxLineQuantity}");
            }
            else if (ordered is not null && line.Quantity > ordered.Open && line.AllowOverReceipt is not true)
            {
                overReceived.Add($"lines[{i}].quantity", $"{line.Quantity} is more than the {ordered.Open} still open of {sku}; set allowOverReceipt to take the extra units");
            }

            if (ordered is not null && line?.Quantity is > 0 and <= MaxLineQuantity)
            {
                lines.Add(new ReceiptLine(ordered.Sku, line.Quantity.Value));
            }
        }

        if (errors.Any)
        {
            return (lines, errors.ToProblem());
        }

        return overReceived.Any ? (lines, overReceived.ToConflict("More than is open")) : (lines, null);
    }

    private static IResult NotFound(Guid id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown purchase order", detail: $"no purchase order with id {id}");

    private static IResult NotAllowed(PurchaseOrder order, string action) =>
        InputErrors.Conflict("status", $"{order.Number} is {order.Status}; it allows {(PurchaseOrderStatus.ActionsIn(order.Status) is { Count: > 0 } actions ? string.Join(", ", actions) : "nothing more")}",
            $"Cannot {action} a purchase order that is {order.Status}");
}
