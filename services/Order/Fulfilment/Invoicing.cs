using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Channels;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Fulfilment;

/// <summary>Invoices numbered without gaps per calendar year (YYYY-000001), numbered inside the order's own transaction.</summary>
public static class Invoicing
{
    public static async Task<Invoice> Issue(OrderDbContext db, OrderSubmitted order, CancellationToken cancellationToken)
    {
        var issuedAt = DateTime.UtcNow;
        // The counter row is locked until the saga's transaction commits; a rolled-back order gives its number back.
        var sequence = await db.Database.SqlQuery<int>($"""
            INSERT INTO invoice_counters ("Year", "Last") VALUES ({issuedAt.Year}, 1)
            ON CONFLICT ("Year") DO UPDATE SET "Last" = invoice_counters."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(cancellationToken);
        var lines = order.Lines.Select(l => new InvoiceLine(l.Sku, l.Quantity, l.UnitPrice, l.UnitPrice * l.Quantity)).ToList();
        var net = lines.Sum(l => l.Amount) - order.Discount + order.Shipping;
        return new Invoice($"{issuedAt.Year}-{sequence.Single():D6}", issuedAt, order.Currency, lines, order.Discount, order.Shipping, net, order.Tax, net + order.Tax);
    }
}

public sealed class InvoiceCounter
{
    public int Year { get; init; }

    public int Last { get; set; }
}
