using System.Text.Json.Serialization;

namespace OmniRetail.Supply.PurchaseOrders;

public sealed class PurchaseOrder
{
    public required Guid Id { get; init; }

    /// <summary>Given by the database, in the order POs are created.</summary>
    public long Sequence { get; init; }

    /// <summary>PO-000001, ... (from <see cref="Sequence"/>); written on every stock movement the PO's receipts cause.</summary>
    public string Number { get; init; } = null!;

    public required string SupplierCode { get; init; }

    public required string Warehouse { get; init; }

    public required string Currency { get; init; }

    public string Status { get; set; } = PurchaseOrderStatus.Draft;

    /// <summary>manual, or replenishment when a replenishment run drafted it.</summary>
    public required string Origin { get; init; }

    public required DateTime CreatedAt { get; init; }

    public DateTime? SentAt { get; set; }

    /// <summary>When the goods are due; set at sending from the supplier's lead time if not given.</summary>
    public DateTime? ExpectedAt { get; set; }

    public DateTime? FullyReceivedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    public List<PurchaseOrderLine> Lines { get; set; } = [];

    public List<PurchaseReceipt> Receipts { get; set; } = [];

    public int Ordered => Lines.Sum(l => l.Quantity);

    public int Received => Lines.Sum(l => l.Received);

    /// <summary>What is still expected of a SKU: nothing once the PO is no longer open.</summary>
    public int OpenQuantity(string sku) => PurchaseOrderStatus.IsOnOrder(Status) ? Lines.Where(l => l.Sku == sku).Sum(l => l.Open) : 0;
}

public sealed record PurchaseOrderLine(string Sku, int Quantity, decimal UnitCost)
{
    public int Received { get; set; }

    [JsonIgnore]
    public int Open => Math.Max(0, Quantity - Received);
}

public sealed record PurchaseReceipt(Guid Id, DateTime ReceivedAt, IReadOnlyList<ReceiptLine> Lines);

public sealed record ReceiptLine(string Sku, int Quantity);
