using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Channels;
using OmniRetail.Order.Persistence;
using OmniRetail.Order.Products;

namespace OmniRetail.Order.Fulfilment;

/// <summary>The checks an order passes before it may take stock; the first failing one puts it on hold with its reason.</summary>
public static class OrderReview
{
    public static async Task<string?> HoldReason(
        OrderDbContext db, KnownSkus knownSkus, OrderState saga, OrderSubmitted order, TimeSpan duplicateWindow, CancellationToken cancellationToken)
    {
        if (order.ChannelKind != "store" && order.ShippingAddress is not { Line1.Length: > 0, City.Length: > 0, PostalCode.Length: > 0, Country.Length: 2 })
        {
            return "Incomplete shipping address: line1, city, postalCode and country are required";
        }

        var skus = order.Lines.Select(line => line.Sku).Distinct().ToArray();
        if (await knownSkus.Unknown(db, skus, cancellationToken) is { Count: > 0 } unknown)
        {
            return $"Unknown SKU: {string.Join(", ", unknown)}";
        }

        var expected = order.Lines.Sum(line => line.UnitPrice * line.Quantity) - order.Discount + order.Shipping + order.Tax;
        if (Math.Abs(expected - order.Total) > 0.01m)
        {
            return $"Amount mismatch: lines − discount + shipping + tax = {expected:0.00} {order.Currency}, but the channel charged {order.Total:0.00}";
        }

        if (saga.CustomerLookup is { } customer)
        {
            var since = order.PlacedAt.UtcDateTime - duplicateWindow;
            var twin = await db.Orders.AsNoTracking()
                .Where(o => o.CorrelationId != order.OrderId && o.CustomerLookup == customer && o.Total == order.Total && o.ReceivedAt >= since
                    && o.ExternalId != order.ExternalId && o.CurrentState != "Cancelled")
                .Select(o => o.ChannelCode + "/" + o.ExternalId)
                .FirstOrDefaultAsync(cancellationToken);
            if (twin is not null)
            {
                return $"Looks like a duplicate of order {twin}: same customer and amount within {duplicateWindow.TotalMinutes:0} minutes";
            }
        }

        return null;
    }
}
