using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.Order.Fulfilment;

/// <summary>
/// Each line's net amount: quantity × unit price less its share of the order discount, shared in proportion to the
/// lines' amounts and rounded to cents; what rounding leaves over goes to the largest line, so the net amounts add up
/// to the lines' total less the discount exactly.
/// </summary>
public static class NetLines
{
    public static IReadOnlyList<PlacedLine> Of(OrderSubmitted order)
    {
        var gross = order.Lines.Select(line => line.Quantity * line.UnitPrice).ToList();
        var total = gross.Sum();
        var shares = gross.Select(amount => total == 0 ? 0 : Math.Round(order.Discount * amount / total, 2, MidpointRounding.AwayFromZero)).ToList();
        if (shares.Count > 0)
        {
            var largest = gross.IndexOf(gross.Max());
            shares[largest] += order.Discount - shares.Sum();
        }

        return order.Lines.Select((line, i) => new PlacedLine { Sku = line.Sku, Quantity = line.Quantity, UnitPrice = line.UnitPrice, NetAmount = gross[i] - shares[i] })
            .ToList();
    }
}
