using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Stock;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Inventory.Transfers;

public static class TransferEndpoints
{
    public sealed record TransferRequest(string? From, string? To, string? Sku, int? Quantity);

    public sealed record TransferView(Guid Id, string Sku, string From, string To, int Quantity, string Status, DateTime SentAt, DateTime? ReceivedAt)
    {
        public static TransferView Of(StockTransfer t) => new(t.Id, t.Sku, t.From, t.To, t.Quantity, t.Status, t.SentAt, t.ReceivedAt);
    }

    public static void MapTransfers(this WebApplication app)
    {
        var transfers = app.MapGroup("/api/inventory/transfers").WithTags("Transfers");
        transfers.MapPost("/", Send).RequireAuthorization(StaffPolicies.Warehouse).ProducesValidationProblem()
            .WithSummary("Moves units between warehouses: they leave `from` at once and are in transit until received")
            .WithDescription("Never takes `from` below what is reserved there (409 naming `quantity`). Both sides are stock movements (`transfer-out`, `transfer-in`).");
        transfers.MapPost("/{id:guid}/receive", Receive).RequireAuthorization(StaffPolicies.Warehouse).ProducesValidationProblem()
            .WithSummary("The transfer arrived at `to`; waiting backorders are served from it. Receiving again changes nothing");
        transfers.MapGet("/", List).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Transfers, newest first; `status` in-transit or received");
    }

    private static async Task<IResult> Send(TransferRequest request, InventoryDbContext db, StockLedger ledger, TimeProvider clock, StaffScope scope,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.From, "from", 32).Require(request.To, "to", 32).Require(request.Sku, "sku", 64);
        if (request.Quantity is not > 0)
        {
            errors.Add("quantity", "must be a positive whole number");
        }

        foreach (var (field, code) in new[] { ("from", request.From), ("to", request.To) })
        {
            if (!string.IsNullOrWhiteSpace(code) && await db.Warehouses.FindAsync([code.ToUpperInvariant()], cancellationToken) is null)
            {
                errors.Add(field, $"no warehouse with code '{code}'");
            }
        }

        // A user limited to some warehouses sends from theirs (to any warehouse: the receiving one books it in).
        if (!string.IsNullOrWhiteSpace(request.From) && !scope.SeesWarehouse(request.From))
        {
            errors.Add("from", $"no warehouse with code '{request.From}'");
        }

        if (!string.IsNullOrWhiteSpace(request.From) && string.Equals(request.From, request.To, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("to", "must differ from `from`");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sku = request.Sku!.ToUpperInvariant();
        var transfer = new StockTransfer
        {
            Id = Guid.CreateVersion7(), Sku = sku, From = request.From!.ToUpperInvariant(), To = request.To!.ToUpperInvariant(),
            Quantity = request.Quantity!.Value, SentAt = clock.GetUtcNow().UtcDateTime,
        };
        var refusal = await db.InTransaction(async () =>
        {
            var levels = await ledger.Lock([sku], cancellationToken);
            var free = levels.SingleOrDefault(level => level.Warehouse == transfer.From)?.Available ?? 0;
            if (free < transfer.Quantity)
            {
                return $"{transfer.From} has {free} units of {sku} that are not reserved";
            }

            ledger.Move(await ledger.LockOrCreate(sku, transfer.From, cancellationToken), -transfer.Quantity, MovementKinds.TransferOut, reference: transfer.Id.ToString());
            db.Transfers.Add(transfer);
            await ledger.PublishAvailability([sku], cancellationToken);
            return null;
        }, cancellationToken);
        return refusal is null
            ? Results.Created($"/api/inventory/transfers/{transfer.Id}", TransferView.Of(transfer))
            : InputErrors.Conflict("quantity", refusal, "Not enough free stock");
    }

    private static async Task<IResult> Receive(Guid id, InventoryDbContext db, StockLedger ledger, BackorderQueue backorders, TimeProvider clock, StaffScope scope,
        CancellationToken cancellationToken)
    {
        var received = await db.InTransaction(async () =>
        {
            var transfer = await db.Transfers.FromSql($"SELECT * FROM stock_transfers WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
            // Only the receiving warehouse books a transfer in; to anyone else it does not exist.
            if (transfer is not null && !scope.SeesWarehouse(transfer.To))
            {
                return null;
            }

            if (transfer is null || transfer.ReceivedAt is not null)
            {
                return transfer;
            }

            await ledger.Lock([transfer.Sku], cancellationToken);
            transfer.ReceivedAt = clock.GetUtcNow().UtcDateTime;
            ledger.Move(await ledger.LockOrCreate(transfer.Sku, transfer.To, cancellationToken), transfer.Quantity, MovementKinds.TransferIn, reference: transfer.Id.ToString());
            await backorders.ReserveWaiting([transfer.Sku], cancellationToken);
            await ledger.PublishAvailability([transfer.Sku], cancellationToken);
            return transfer;
        }, cancellationToken);
        return received is null ? Results.NotFound() : Results.Ok(TransferView.Of(received));
    }

    private static async Task<IResult> List(string? status, InventoryDbContext db, StaffScope scope, CancellationToken cancellationToken)
    {
        if (status is not (null or TransferStatus.InTransit or TransferStatus.Received))
        {
            return InputErrors.Single("status", $"must be {TransferStatus.InTransit} or {TransferStatus.Received}");
        }

        var visible = scope.Warehouses?.Select(code => code.ToUpperInvariant()).ToArray();
        var transfers = await db.Transfers.AsNoTracking()
            .Where(t => status == null || (status == TransferStatus.InTransit ? t.ReceivedAt == null : t.ReceivedAt != null))
            .Where(t => visible == null || visible.Contains(t.From) || visible.Contains(t.To))
            .OrderByDescending(t => t.SentAt).Take(500).ToListAsync(cancellationToken);
        return Results.Ok(transfers.Select(TransferView.Of));
    }
}
