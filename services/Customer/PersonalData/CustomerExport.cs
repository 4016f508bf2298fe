using Microsoft.EntityFrameworkCore;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.PersonalData;

/// <summary>Everything held about one customer, readable and machine-readable (a subject access request, data portability).</summary>
public sealed class CustomerExport(CustomerDbContext db, CustomerVault vault, CustomerProfiles profiles, TimeProvider clock)
{
    public async Task<object> Of(CustomerAccount customer, CancellationToken cancellationToken)
    {
        if (!customer.IsActive)
        {
            return new { exportedAt = clock.GetUtcNow(), customer = await profiles.View(customer, cancellationToken) };
        }

        var tickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customer.Id).OrderBy(t => t.Sequence).ToListAsync(cancellationToken);
        var ticketIds = tickets.Select(t => t.Id).ToList();
        var messages = (await db.TicketMessages.AsNoTracking().Where(m => ticketIds.Contains(m.TicketId)).OrderBy(m => m.Id).ToListAsync(cancellationToken))
            .ToLookup(m => m.TicketId);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.CustomerId == customer.Id).OrderBy(s => s.IssuedAt).ToListAsync(cancellationToken);
        return new
        {
            exportedAt = clock.GetUtcNow(),
            customer = await profiles.View(customer, cancellationToken),
            orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderBy(o => o.PlacedAt)
                .Select(o => new { o.OrderId, o.ChannelCode, o.ExternalId, o.PlacedAt, o.Currency, o.NetAmount, o.Total, o.RefundedAmount, o.Lines, o.ShippedAt, o.DeliveredAt, o.CancelledAt })
                .ToListAsync(cancellationToken),
            returns = await db.Returns.AsNoTracking().Where(r => r.CustomerId == customer.Id).OrderBy(r => r.Sequence)
                .Select(r => new { r.Id, r.Number, r.OrderId, r.Status, r.Resolution, r.Lines, r.AuthorisedAt, r.RefundAmount, r.Currency, r.RefundedAt, r.ExchangeOrderId })
                .ToListAsync(cancellationToken),
            tickets = tickets.Select(t => new
            {
                t.Id, t.Number, t.Category, t.Priority, subject = vault.Open(customer, t.SealedSubject), t.Status, t.CreatedAt, t.ResolvedAt,
                messages = messages[t.Id].Select(m => new { m.From, body = vault.Open(customer, m.SealedBody), m.At }).ToList(),
            }).ToList(),
            surveys = surveys.Select(s => new { s.Kind, s.Trigger, s.OrderId, s.TicketId, s.IssuedAt, s.AnsweredAt, s.Score, comment = vault.Open(customer, s.SealedComment) }).ToList(),
            loyalty = await db.LoyaltyEntries.AsNoTracking().Where(e => e.CustomerId == customer.Id).OrderBy(e => e.Id)
                .Select(e => new { e.Kind, e.Points, e.Reference, e.At, e.ExpiresAt }).ToListAsync(cancellationToken),
        };
    }
}
