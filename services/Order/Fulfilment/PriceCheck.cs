using System.Globalization;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.Order.Fulfilment;

/// <summary>What the catalog's price check found for an order, kept with it: each line's promotions and net amount.</summary>
public sealed record OrderPricing(List<OrderPricedLine> Lines, string? Problem);

/// <summary>
/// Orders from generic and store channels are priced by the catalog as a quote for their channel at their placedAt
/// would be. A line whose net price per unit (its amount less its share of the order's discount, per unit) differs from
/// the quote's by more than the tolerance holds the order.
/// </summary>
public static class PriceCheck
{
    public static bool Applies(string channelKind) => channelKind is ChannelKinds.Generic or ChannelKinds.Store;

    public static PriceOrder Request(OrderSubmitted order) => new()
    {
        OrderId = order.OrderId, ChannelCode = order.ChannelCode, PlacedAt = order.PlacedAt, Currency = order.Currency,
        Lines = [.. order.Lines.Select(l => new PriceOrderLine { Sku = l.Sku, Quantity = l.Quantity })],
    };

    /// <summary>The hold reason, or null when every line is within <paramref name="tolerance"/> of the quote.</summary>
    public static string? Mismatch(IReadOnlyList<PlacedLine> lines, OrderPriced quote, decimal tolerance, string currency)
    {
        if (quote.Problem is { } problem)
        {
            return $"Price check failed: {problem}";
        }

        var off = lines.Zip(quote.Lines).Select(pair =>
            {
                var (line, quoted) = pair;
                var charged = line.NetAmount / line.Quantity;
                var expected = quoted.NetAmount / quoted.Quantity;
                return (line.Sku, Charged: charged, Expected: expected, quoted.Promotions);
            })
            .Where(l => Math.Abs(l.Charged - l.Expected) > tolerance)
            .Select(l => string.Create(CultureInfo.InvariantCulture,
                $"{l.Sku} charged {l.Charged:0.00} {currency} a unit, the catalog's price is {l.Expected:0.00}{(l.Promotions.Count > 0 ? $" ({string.Join(", ", l.Promotions)})" : "")}"))
            .ToList();
        return off.Count == 0 ? null : $"Price mismatch: {string.Join("; ", off)}";
    }
}
