using OmniRetail.Contracts.Inventory;
using OmniRetail.Customer.Orders;

namespace OmniRetail.Customer.Returns;

/// <summary>
/// The arithmetic of returns, per SKU of one order: what may still be returned, and what a refund pays back.
/// </summary>
public static class ReturnBalance
{
    /// <summary>
    /// Units that may still be returned: shipped − units in every earlier return of the order (authorised and not yet
    /// received ones included), so repeated partial returns never add up to more than left the warehouse.
    /// </summary>
    public static int Returnable(IReadOnlyList<StockLine> shipped, IEnumerable<ReturnRequest> earlier, string sku) =>
        shipped.Where(line => line.Sku == sku).Sum(line => line.Quantity)
        - earlier.SelectMany(r => r.Lines).Where(line => line.Sku == sku).Sum(line => line.Quantity);

    /// <summary>What one unit of the SKU was paid: the order's net amount for it (promotions and discounts taken off) over its units, to the cent.</summary>
    public static decimal UnitPrice(IReadOnlyList<OrderedLine> ordered, string sku)
    {
        var (units, net) = Paid(ordered, sku);
        return units == 0 ? 0 : Math.Round(net / units, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The refund for <paramref name="units"/> of the SKU when <paramref name="refundedBefore"/> were refunded earlier:
    /// round(net × (before + units) ÷ ordered) − round(net × before ÷ ordered), so however the units come back, returning
    /// all of them refunds exactly what was paid for them.
    /// </summary>
    public static decimal Refund(IReadOnlyList<OrderedLine> ordered, string sku, int refundedBefore, int units)
    {
        var (orderedUnits, net) = Paid(ordered, sku);
        return orderedUnits == 0 ? 0 : Share(net, refundedBefore + units, orderedUnits) - Share(net, refundedBefore, orderedUnits);
    }

    private static decimal Share(decimal net, int units, int ordered) => Math.Round(net * units / ordered, 2, MidpointRounding.AwayFromZero);

    private static (int Units, decimal Net) Paid(IReadOnlyList<OrderedLine> ordered, string sku)
    {
        var lines = ordered.Where(line => line.Sku == sku).ToList();
        return (lines.Sum(line => line.Quantity), lines.Sum(line => line.NetAmount));
    }
}
