namespace OmniRetail.Inventory.Stock;

/// <summary>Why on-hand stock changed; every <see cref="StockMovement"/> names one.</summary>
public static class MovementKinds
{
    public const string Receipt = "receipt";
    public const string Adjustment = "adjustment";
    public const string Shipment = "shipment";
    public const string StoreSale = "store-sale";
    public const string TransferOut = "transfer-out";
    public const string TransferIn = "transfer-in";

    /// <summary>Returned goods found resellable, back on the shelf.</summary>
    public const string Return = "return";

    /// <summary>Units that enter the business (their age starts): receipts and found stock, not units moved between warehouses.</summary>
    public static bool IsArrival(string kind, int quantity) => quantity > 0 && kind is Receipt or Adjustment;
}
