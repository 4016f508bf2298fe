using OmniRetail.BuildingBlocks.Retail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Customers;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Loyalty;

/// <summary>
/// Every movement of points, on the customer's locked row: earned on delivery, reversed on refund, redeemed by staff,
/// expired after the programme's months. The balance never goes below zero; redemptions and expiry use the oldest
/// earned points first.
/// </summary>
public sealed class LoyaltyLedger(CustomerDbContext db, TransactionalOutbox outbox, IOptions<RetailCurrency> currency, TimeProvider clock)
{
    public Task<LoyaltyProgram?> Program(CancellationToken cancellationToken) => db.LoyaltyPrograms.SingleOrDefaultAsync(p => p.Id == 1, cancellationToken);

    /// <summary>The delivered order's points: ⌊net amount in base currency × pointsPerUnit⌋, once per order.</summary>
    public async Task Earn(CustomerAccount customer, CustomerOrder order, CancellationToken cancellationToken)
    {
        var reference = order.OrderId.ToString();
        if (await Program(cancellationToken) is not { } program
            || currency.Value.ToBase(order.NetAmount - order.RefundedAmount, order.Currency) is not { } amount
            || await db.LoyaltyEntries.AnyAsync(e => e.Kind == LoyaltyEntryKinds.Earned && e.Reference == reference, cancellationToken))
        {
            return;
        }

        var points = program.PointsFor(amount);
        if (points == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.LoyaltyEntries.Add(new LoyaltyEntry
        {
            CustomerId = customer.Id, Kind = LoyaltyEntryKinds.Earned, Points = points, Remaining = points, Reference = reference, OrderId = order.OrderId, At = now,
            ExpiresAt = program.ExpiryMonths > 0 ? now.AddMonths(program.ExpiryMonths) : null,
        });
        customer.LoyaltyBalance += points;
        customer.QualifyingPoints += points;
        await Retier(customer, cancellationToken);
    }

    /// <summary>
    /// A refund takes back the points its amount earned (at most what the order earned, less earlier reversals, and never
    /// more than the balance holds), from the order's own points first.
    /// </summary>
    public async Task Reverse(CustomerAccount customer, Guid orderId, decimal refunded, string refundCurrency, string reference, CancellationToken cancellationToken)
    {
        var orderKey = orderId.ToString();
        var earned = await db.LoyaltyEntries.SingleOrDefaultAsync(e => e.Kind == LoyaltyEntryKinds.Earned && e.Reference == orderKey, cancellationToken);
        if (earned is null || await Program(cancellationToken) is not { } program || currency.Value.ToBase(refunded, refundCurrency) is not { } amount
            || await db.LoyaltyEntries.AnyAsync(e => e.Kind == LoyaltyEntryKinds.Reversed && e.Reference == reference, cancellationToken))
        {
            return;
        }

        var reversedBefore = -await db.LoyaltyEntries.Where(e => e.Kind == LoyaltyEntryKinds.Reversed && e.OrderId == orderId).SumAsync(e => e.Points, cancellationToken);
        var points = Math.Min(Math.Min(program.PointsFor(amount), earned.Points - reversedBefore), customer.LoyaltyBalance);
        if (points <= 0)
        {
            return;
        }

        await UseUp(customer.Id, points, first: earned, cancellationToken);
        db.LoyaltyEntries.Add(new LoyaltyEntry
        {
            CustomerId = customer.Id, Kind = LoyaltyEntryKinds.Reversed, Points = -points, Reference = reference, OrderId = orderId, At = clock.GetUtcNow().UtcDateTime,
        });
        customer.LoyaltyBalance -= points;
        customer.QualifyingPoints -= points;
        await Retier(customer, cancellationToken);
    }

    public enum Redemption
    {
        Redeemed,
        AlreadyRedeemed,
        ReferenceTaken,
        NotEnough,
    }

    /// <summary>Spends points; the caller holds the customer's row lock, so concurrent redemptions take turns.</summary>
    public async Task<(Redemption Outcome, LoyaltyEntry? Entry)> Redeem(CustomerAccount customer, long points, string reference, CancellationToken cancellationToken)
    {
        if (await db.LoyaltyEntries.AsNoTracking().SingleOrDefaultAsync(e => e.Kind == LoyaltyEntryKinds.Redeemed && e.Reference == reference, cancellationToken) is { } earlier)
        {
            return (earlier.CustomerId == customer.Id && -earlier.Points == points ? Redemption.AlreadyRedeemed : Redemption.ReferenceTaken, earlier);
        }

        if (points > customer.LoyaltyBalance)
        {
            return (Redemption.NotEnough, null);
        }

        await UseUp(customer.Id, points, first: null, cancellationToken);
        var entry = new LoyaltyEntry { CustomerId = customer.Id, Kind = LoyaltyEntryKinds.Redeemed, Points = -points, Reference = reference, At = clock.GetUtcNow().UtcDateTime };
        db.LoyaltyEntries.Add(entry);
        customer.LoyaltyBalance -= points;
        return (Redemption.Redeemed, entry);
    }

    /// <summary>Expires what is left of every lot past its expiry; returns the points expired.</summary>
    public async Task<long> ExpireDue(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var owners = await db.LoyaltyEntries.Where(e => e.Remaining > 0 && e.ExpiresAt <= now).Select(e => e.CustomerId).Distinct().ToListAsync(cancellationToken);
        long expired = 0;
        foreach (var customer in await CustomerRows.Lock(db, owners, cancellationToken))
        {
            foreach (var lot in await db.LoyaltyEntries.Where(e => e.CustomerId == customer.Id && e.Remaining > 0 && e.ExpiresAt <= now).ToListAsync(cancellationToken))
            {
                var points = Math.Min(lot.Remaining, customer.LoyaltyBalance);
                db.LoyaltyEntries.Add(new LoyaltyEntry
                {
                    CustomerId = customer.Id, Kind = LoyaltyEntryKinds.Expired, Points = -points, Reference = lot.Id.ToString(), OrderId = lot.OrderId, At = now,
                });
                lot.Remaining = 0;
                customer.LoyaltyBalance -= points;
                customer.QualifyingPoints = Math.Max(0, customer.QualifyingPoints - points);
                expired += points;
            }

            await Retier(customer, cancellationToken);
        }

        return expired;
    }

    /// <summary>Sets the tier the qualifying points reach; a change is published once, with the unit of work.</summary>
    public async Task Retier(CustomerAccount customer, CancellationToken cancellationToken)
    {
        var tier = (await Program(cancellationToken))?.TierFor(customer.QualifyingPoints);
        if (tier == customer.LoyaltyTier)
        {
            return;
        }

        outbox.Publish(new LoyaltyTierChanged
        {
            CustomerId = customer.Id, FromTier = customer.LoyaltyTier, ToTier = tier, QualifyingPoints = customer.QualifyingPoints, ChangedAt = clock.GetUtcNow(),
        }, partitionKey: customer.Id.ToString());
        customer.LoyaltyTier = tier;
    }

    /// <summary>Takes points from the customer's earned lots, <paramref name="first"/> first, then the soonest to expire.</summary>
    private async Task UseUp(Guid customerId, long points, LoyaltyEntry? first, CancellationToken cancellationToken)
    {
        var lots = await db.LoyaltyEntries.Where(e => e.CustomerId == customerId && e.Remaining > 0)
            .OrderBy(e => e.ExpiresAt == null).ThenBy(e => e.ExpiresAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        if (first is not null && lots.SingleOrDefault(l => l.Id == first.Id) is { } own)
        {
            lots.Remove(own);
            lots.Insert(0, own);
        }

        foreach (var lot in lots)
        {
            var take = Math.Min(points, lot.Remaining);
            lot.Remaining -= take;
            points -= take;
            if (points == 0)
            {
                break;
            }
        }
    }
}
