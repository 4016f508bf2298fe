using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Inventory.Stock;

public static class StockEndpoints
{
    public sealed record ReceiptRequest(string? Warehouse, string? Sku, int? Quantity, string? Reference);

    public sealed record AdjustmentRequest(string? Warehouse, string? Sku, int? Delta, string? Reason);

    public sealed record WarehouseStock(string Warehouse, int OnHand, int Reserved, int Available);

    public sealed record SkuStock(string Sku, int OnHand, int Reserved, int Available, int BackorderedOrders, IReadOnlyList<WarehouseStock> Warehouses);

    public static void MapStock(this WebApplication app)
    {
        var inventory = app.MapGroup("/api/inventory").WithTags("Stock");
        inventory.MapPost("/receipts", Receive).RequireAuthorization(StaffPolicies.Warehouse).ProducesValidationProblem()
            .WithSummary("Stock arrives in a warehouse; waiting backorders are reserved from it, oldest first");
        inventory.MapPost("/adjustments", Adjust).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Corrects on-hand stock (count, damage, loss) with a reason");
        inventory.MapGet("/skus/{sku}", Get).RequireAuthorization(StaffPolicies.Staff);
        inventory.MapGet("/backorders", Backorders)
            .RequireAuthorization(StaffPolicies.Staff).ProducesValidationProblem()
            .WithSummary("The backorder queue, in the order it is served (optionally only orders for one SKU), paged")
            .WithDescription($"`limit` 1–{Paging.MaxLimit} (default {Paging.DefaultLimit}); pass the answer's `nextCursor` as `cursor` for the next page (null on the last).");
    }

    public sealed record BackorderView(Guid OrderId, string[] Skus, DateTime QueuedAt);

    private static async Task<IResult> Backorders(string? sku, int? limit, string? cursor, InventoryDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long after) is { } refusal)
        {
            return refusal;
        }

        var page = await db.Backorders.AsNoTracking()
            .Where(b => (sku == null || b.Skus.Contains(sku.ToUpperInvariant())) && b.Sequence > after)
            .OrderBy(b => b.Sequence)
            .Take(Paging.Size(limit) + 1)
            .Select(b => new { b.Sequence, View = new BackorderView(b.OrderId, b.Skus, b.QueuedAt) })
            .ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(page, Paging.Size(limit), b => b.View, b => b.Sequence));
    }

    private static async Task<IResult> Receive(
        ReceiptRequest request, InventoryDbContext db, StockLedger ledger, BackorderQueue backorders, StaffScope scope, CancellationToken cancellationToken)
    {
        var errors = await Validate(db, request.Warehouse, request.Sku, scope, cancellationToken);
        errors.Require(request.Reference, "reference", 128);
        if (request.Quantity is not > 0)
        {
            errors.Add("quantity", "must be a positive whole number");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sku = request.Sku!.ToUpperInvariant();
        await db.InTransaction(
            () => ledger.Receive(request.Warehouse!.ToUpperInvariant(), [new StockLine { Sku = sku, Quantity = request.Quantity!.Value }], request.Reference!, backorders, cancellationToken),
            cancellationToken);
        return Results.Ok(await Read(db, sku, scope, cancellationToken));
    }

    private static async Task<IResult> Adjust(
        AdjustmentRequest request, InventoryDbContext db, StockLedger ledger, BackorderQueue backorders, StaffScope scope, CancellationToken cancellationToken)
    {
        var errors = await Validate(db, request.Warehouse, request.Sku, scope, cancellationToken);
        errors.Require(request.Reason, "reason", 256);
        if (request.Delta is null or 0)
        {
            errors.Add("delta", "must be a non-zero whole number");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sku = request.Sku!.ToUpperInvariant();
        var refused = await db.InTransaction(async () =>
        {
            var level = await ledger.LockOrCreate(sku, request.Warehouse!.ToUpperInvariant(), cancellationToken);
            if (level.OnHand + request.Delta!.Value < level.Reserved)
            {
                return $"would leave {level.OnHand + request.Delta.Value} on hand for {level.Reserved} reserved; release or reallocate orders first";
            }

            ledger.Move(level, request.Delta.Value, MovementKinds.Adjustment, reason: request.Reason);
            if (request.Delta.Value > 0)
            {
                await backorders.ReserveWaiting([sku], cancellationToken);
            }

            await ledger.PublishAvailability([sku], cancellationToken);
            return null;
        }, cancellationToken);
        return refused is null ? Results.Ok(await Read(db, sku, scope, cancellationToken)) : InputErrors.Single("delta", refused);
    }

    private static async Task<IResult> Get(string sku, InventoryDbContext db, StaffScope scope, CancellationToken cancellationToken) =>
        Results.Ok(await Read(db, sku.ToUpperInvariant(), scope, cancellationToken));

    /// <summary>A warehouse outside the user's scope is answered as unknown, so its existence is not revealed.</summary>
    private static async Task<InputErrors> Validate(InventoryDbContext db, string? warehouse, string? sku, StaffScope scope, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(warehouse, "warehouse", 32).Require(sku, "sku", 64);
        if (!string.IsNullOrWhiteSpace(warehouse) && (!scope.SeesWarehouse(warehouse) || await db.Warehouses.FindAsync([warehouse.ToUpperInvariant()], cancellationToken) is null))
        {
            errors.Add("warehouse", $"no warehouse with code '{warehouse}'");
        }

        return errors;
    }

    /// <summary>The SKU's stock in the warehouses the user may see, and the totals over those.</summary>
    private static async Task<SkuStock> Read(InventoryDbContext db, string sku, StaffScope scope, CancellationToken cancellationToken)
    {
        var levels = (await db.StockLevels.AsNoTracking().Where(level => level.Sku == sku).OrderBy(level => level.Warehouse).ToListAsync(cancellationToken))
            .Where(level => scope.SeesWarehouse(level.Warehouse)).ToList();
        var backordered = await db.Backorders.CountAsync(backorder => backorder.Skus.Contains(sku), cancellationToken);
        return new SkuStock(sku, levels.Sum(l => l.OnHand), levels.Sum(l => l.Reserved), levels.Sum(l => l.Available), backordered,
            levels.Select(l => new WarehouseStock(l.Warehouse, l.OnHand, l.Reserved, l.Available)).ToList());
    }
}
