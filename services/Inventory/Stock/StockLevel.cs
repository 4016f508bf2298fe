namespace OmniRetail.Inventory.Stock;

/// <summary>
/// One SKU in one warehouse. The database refuses a reservation beyond what is on hand
/// (<c>0 ≤ Reserved ≤ OnHand</c>), as a last line of defence behind the row locks.
/// </summary>
public sealed class StockLevel
{
    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public int OnHand { get; set; }

    public int Reserved { get; set; }

    public int Available => OnHand - Reserved;
}

/// <summary>Append-only: every change to on-hand stock, so on hand always equals the sum of its movements.</summary>
public sealed class StockMovement
{
    public long Id { get; init; }

    public required string Sku { get; init; }

    public required string Warehouse { get; init; }

    public required int Quantity { get; init; }

    /// <summary>One of <see cref="MovementKinds"/>.</summary>
    public required string Kind { get; init; }

    public string? Reason { get; init; }

    public string? Reference { get; init; }

    public Guid? OrderId { get; init; }

    public required DateTime At { get; init; }
}
