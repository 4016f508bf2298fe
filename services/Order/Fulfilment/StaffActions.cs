using OmniRetail.Contracts.Orders;

namespace OmniRetail.Order.Fulfilment;

/// <summary>What staff can do to an order; the name is the action's path segment in the API.</summary>
public enum StaffAction
{
    Release,
    Cancel,
    Pack,
    Ship,
    Deliver,
    DeliveryFailed,
}

/// <summary>
/// The one table of which staff action each order status allows. The endpoints refuse (409) what it does not allow, the
/// saga's <c>During</c> blocks accept exactly these, and the exceptions queue offers them.
/// </summary>
public static class StaffActions
{
    public static readonly IReadOnlyDictionary<StaffAction, IReadOnlyList<string>> AllowedIn = new Dictionary<StaffAction, IReadOnlyList<string>>
    {
        [StaffAction.Release] = [OrderStatus.OnHold],
        [StaffAction.Cancel] =
        [
            OrderStatus.Received, OrderStatus.OnHold, OrderStatus.Reserving, OrderStatus.Backordered, OrderStatus.AwaitingPayment,
            OrderStatus.Allocated, OrderStatus.Packed,
        ],
        [StaffAction.Pack] = [OrderStatus.Allocated],
        [StaffAction.Ship] = [OrderStatus.Allocated, OrderStatus.Packed, OrderStatus.Shipped, OrderStatus.DeliveryFailed],
        [StaffAction.Deliver] = [OrderStatus.Shipped, OrderStatus.DeliveryFailed],
        [StaffAction.DeliveryFailed] = [OrderStatus.Shipped, OrderStatus.DeliveryFailed],
    };

    public static string PathSegment(StaffAction action) => action == StaffAction.DeliveryFailed ? "delivery-failed" : action.ToString().ToLowerInvariant();

    /// <summary>The actions an order in <paramref name="status"/> allows, by their path segment.</summary>
    public static string[] In(string status) => AllowedIn.Where(entry => entry.Value.Contains(status)).Select(entry => PathSegment(entry.Key)).ToArray();
}
