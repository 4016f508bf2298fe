namespace OmniRetail.Contracts.Orders;

/// <summary>An order's status, as the fulfilment saga names its states and every API and event reports it.</summary>
public static class OrderStatus
{
    public const string Received = nameof(Received);
    public const string OnHold = nameof(OnHold);
    public const string Reserving = nameof(Reserving);
    public const string Backordered = nameof(Backordered);
    public const string AwaitingPayment = nameof(AwaitingPayment);
    public const string Allocated = nameof(Allocated);
    public const string Packed = nameof(Packed);
    public const string Shipped = nameof(Shipped);
    public const string DeliveryFailed = nameof(DeliveryFailed);
    public const string Delivered = nameof(Delivered);
    public const string Cancelled = nameof(Cancelled);

    public static readonly IReadOnlyList<string> All =
        [Received, OnHold, Reserving, Backordered, AwaitingPayment, Allocated, Packed, Shipped, DeliveryFailed, Delivered, Cancelled];
}

/// <summary>One shipment's status: which warehouse step it has passed.</summary>
public static class ShipmentStatus
{
    public const string Allocated = nameof(Allocated);
    public const string Packed = nameof(Packed);
    public const string Shipped = nameof(Shipped);
    public const string Delivered = nameof(Delivered);
}

/// <summary>What the channel said about payment.</summary>
public static class PaymentStatus
{
    public const string Pending = "pending";
    public const string Paid = "paid";

    /// <summary>Cash on delivery: the carrier collects; the order ships unpaid.</summary>
    public const string CashOnDelivery = "cod";

    public static readonly IReadOnlyList<string> All = [Pending, Paid, CashOnDelivery];
}
