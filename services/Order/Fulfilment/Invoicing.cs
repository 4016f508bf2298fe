using OmniRetail.Contracts.Channels;

namespace OmniRetail.Order.Fulfilment;

/// <summary>
/// Invoices numbered without gaps per calendar year (YYYY-000001). The saga issues an invoice without a number;
/// the database numbers it while the order's transaction commits (a deferred constraint trigger on <c>orders</c>,
/// migration <c>InvoiceNumberedAtCommit</c>), so the year's counter row is locked only for the commit itself, not
/// for the rest of the unit of work. Every paid order waits for that lock: held across round trips, it cost each
/// invoice 26 ms of waiting at 250 orders/s. A rolled-back order takes no number; numbers follow commit order.
/// </summary>
public static class Invoicing
{
    public static Invoice Issue(OrderSubmitted order)
    {
        var lines = order.Lines.Select(l => new InvoiceLine(l.Sku, l.Quantity, l.UnitPrice, l.UnitPrice * l.Quantity)).ToList();
        var net = lines.Sum(l => l.Amount) - order.Discount + order.Shipping;
        return new Invoice(Number: null, DateTime.UtcNow, order.Currency, lines, order.Discount, order.Shipping, net, order.Tax, net + order.Tax);
    }
}

public sealed class InvoiceCounter
{
    public int Year { get; init; }

    public int Last { get; set; }
}
