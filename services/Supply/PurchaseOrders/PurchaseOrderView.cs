namespace OmniRetail.Supply.PurchaseOrders;

public sealed record PurchaseOrderLineView(string Sku, int Ordered, int Received, int Open, decimal UnitCost, decimal LineTotal);

public sealed record PurchaseOrderView(
    Guid Id, string Number, string Supplier, string Warehouse, string Currency, string Status, string Origin, IReadOnlyList<string> AllowedActions,
    DateTime CreatedAt, DateTime? SentAt, DateTime? ExpectedAt, DateTime? FullyReceivedAt, DateTime? ClosedAt, int Ordered, int Received, decimal Total,
    IReadOnlyList<PurchaseOrderLineView> Lines, IReadOnlyList<PurchaseReceipt> Receipts)
{
    public static PurchaseOrderView Of(PurchaseOrder o) => new(
        o.Id, o.Number, o.SupplierCode, o.Warehouse, o.Currency, o.Status, o.Origin, PurchaseOrderStatus.ActionsIn(o.Status),
        o.CreatedAt, o.SentAt, o.ExpectedAt, o.FullyReceivedAt, o.ClosedAt, o.Ordered, o.Received, o.Lines.Sum(l => l.Quantity * l.UnitCost),
        o.Lines.Select(l => new PurchaseOrderLineView(l.Sku, l.Quantity, l.Received, l.Open, l.UnitCost, l.Quantity * l.UnitCost)).ToList(),
        o.Receipts);
}
