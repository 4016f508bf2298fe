using Microsoft.EntityFrameworkCore;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;

namespace OmniRetail.Customer.Customers;

/// <summary>
/// Two customers found to be one person become the survivor: identifiers, orders, returns, tickets, surveys, consent
/// and loyalty move to it, personal values are sealed again under its key, and the other keeps only a pointer.
/// </summary>
public sealed class CustomerMerge(CustomerDbContext db, CustomerVault vault, LoyaltyLedger loyalty, BuildingBlocks.Messaging.Outbox.TransactionalOutbox outbox, TimeProvider clock)
{
    /// <summary>Both rows must be locked by the caller (<see cref="CustomerRows.Lock"/>).</summary>
    public async Task Merge(CustomerAccount survivor, CustomerAccount other, CancellationToken cancellationToken)
    {
        vault.Keep(survivor, vault.Details(other).With(vault.Details(survivor)));

        var tickets = await db.Tickets.Where(t => t.CustomerId == other.Id).ToListAsync(cancellationToken);
        var ticketIds = tickets.Select(t => t.Id).ToList();
        foreach (var ticket in tickets)
        {
            ticket.SealedSubject = vault.Reseal(ticket.SealedSubject, other, survivor)!;
            ticket.CustomerId = survivor.Id;
        }

        foreach (var message in await db.TicketMessages.Where(m => ticketIds.Contains(m.TicketId)).ToListAsync(cancellationToken))
        {
            message.SealedBody = vault.Reseal(message.SealedBody, other, survivor)!;
        }

        foreach (var survey in await db.Surveys.Where(s => s.CustomerId == other.Id).ToListAsync(cancellationToken))
        {
            survey.SealedComment = vault.Reseal(survey.SealedComment, other, survivor);
            survey.CustomerId = survivor.Id;
        }

        await db.Identifiers.Where(i => i.CustomerId == other.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.CustomerId, survivor.Id), cancellationToken);
        await db.Orders.Where(o => o.CustomerId == other.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.CustomerId, survivor.Id), cancellationToken);
        await db.Returns.Where(r => r.CustomerId == other.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.CustomerId, survivor.Id), cancellationToken);
        await db.Consent.Where(c => c.CustomerId == other.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.CustomerId, survivor.Id), cancellationToken);
        await db.LoyaltyEntries.Where(e => e.CustomerId == other.Id).ExecuteUpdateAsync(e => e.SetProperty(x => x.CustomerId, survivor.Id), cancellationToken);

        survivor.LoyaltyBalance += other.LoyaltyBalance;
        survivor.QualifyingPoints += other.QualifyingPoints;
        await loyalty.Retier(survivor, cancellationToken);

        other.MergedInto = survivor.Id;
        other.MergedAt = clock.GetUtcNow().UtcDateTime;
        other.LoyaltyBalance = other.QualifyingPoints = 0;
        other.LoyaltyTier = other.Segment = null;
        other.RecencyScore = other.FrequencyScore = other.MonetaryScore = null;
        CustomerVault.DestroyKey(other);
        outbox.Publish(new Contracts.Customers.CustomersMerged { SurvivorId = survivor.Id, MergedId = other.Id, MergedAt = clock.GetUtcNow() }, partitionKey: survivor.Id.ToString());
    }
}

public static class CustomerRows
{
    /// <summary>The customers' rows, locked until the unit of work commits, in id order (so two merges cannot deadlock).</summary>
    public static async Task<List<CustomerAccount>> Lock(CustomerDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Distinct().Order().ToArray();
        return await db.Customers.FromSql($"""SELECT * FROM customers WHERE "Id" = ANY({keys}) ORDER BY "Id" FOR UPDATE""").ToListAsync(cancellationToken);
    }

    public static async Task<CustomerAccount?> Lock(CustomerDbContext db, Guid id, CancellationToken cancellationToken) =>
        (await Lock(db, [id], cancellationToken)).SingleOrDefault();
}
