namespace OmniRetail.Supply.PurchaseOrders;

/// <summary>A purchase order's statuses and what each allows: the one table the endpoints and the views read.</summary>
public static class PurchaseOrderStatus
{
    public const string Draft = "Draft";
    public const string Sent = "Sent";
    public const string PartiallyReceived = "PartiallyReceived";
    public const string Received = "Received";
    public const string Closed = "Closed";
    public const string Cancelled = "Cancelled";

    public static readonly IReadOnlyList<string> All = [Draft, Sent, PartiallyReceived, Received, Closed, Cancelled];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Draft] = [PurchaseOrderActions.Send, PurchaseOrderActions.Cancel],
        [Sent] = [PurchaseOrderActions.Receive, PurchaseOrderActions.Close, PurchaseOrderActions.Cancel],
        [PartiallyReceived] = [PurchaseOrderActions.Receive, PurchaseOrderActions.Close],
        // Fully received: closing it files it away; an over-receipt may still arrive against it.
        [Received] = [PurchaseOrderActions.Receive, PurchaseOrderActions.Close],
        [Closed] = [],
        [Cancelled] = [],
    };

    public static IReadOnlyList<string> ActionsIn(string status) => Allowed[status];

    public static bool Allows(string status, string action) => Allowed[status].Contains(action);

    /// <summary>Quantities still open on these count as on order.</summary>
    public static bool IsOnOrder(string status) => status is Sent or PartiallyReceived;

    /// <summary>A draft counts too when a replenishment run asks whether a need is already covered.</summary>
    public static bool CoversNeed(string status) => status is Draft or Sent or PartiallyReceived;
}

public static class PurchaseOrderActions
{
    public const string Send = "send";
    public const string Receive = "receive";
    public const string Close = "close";
    public const string Cancel = "cancel";
}
