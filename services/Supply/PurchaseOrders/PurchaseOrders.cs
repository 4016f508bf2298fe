using Microsoft.EntityFrameworkCore;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.PurchaseOrders;

public static class PurchaseOrders
{
    public static PurchaseOrder Draft(Supplier supplier, string warehouse, List<PurchaseOrderLine> lines, DateTime? expectedAt, string origin, TimeProvider clock) => new()
    {
        Id = Guid.CreateVersion7(), SupplierCode = supplier.Code, Warehouse = warehouse, Currency = supplier.Currency, Origin = origin,
        CreatedAt = clock.GetUtcNow().UtcDateTime, ExpectedAt = expectedAt, Lines = lines,
    };

    /// <summary>The PO's row, locked until the unit of work commits: its actions and receipts take turns.</summary>
    public static Task<PurchaseOrder?> Lock(SupplyDbContext db, Guid id, CancellationToken cancellationToken) =>
        db.PurchaseOrders.FromSql($"SELECT * FROM purchase_orders WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
}
