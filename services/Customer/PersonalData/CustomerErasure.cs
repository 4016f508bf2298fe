using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Customers;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.PersonalData;

/// <summary>
/// The right to be forgotten: the customer's data key is destroyed (so everything sealed with it, wherever it lies in
/// this database, is noise), their identifiers are deleted (so no e-mail or phone leads to them) and their open surveys
/// are withdrawn. What is not personal stays: orders' amounts and SKUs, returns, loyalty points, ticket facts.
/// </summary>
public sealed class CustomerErasure(CustomerDbContext db, TransactionalOutbox outbox, TimeProvider clock, Telemetry.CustomerMetrics metrics)
{
    /// <summary>The customer's row must be locked by the caller. Erasing twice changes nothing more.</summary>
    public async Task Erase(CustomerAccount customer, CancellationToken cancellationToken)
    {
        if (customer.ErasedAt is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await db.Identifiers.Where(i => i.CustomerId == customer.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Surveys.Where(s => s.CustomerId == customer.Id && s.AnsweredAt == null && s.ExpiresAt > now.UtcDateTime)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now.UtcDateTime), cancellationToken);
        CustomerVault.DestroyKey(customer);
        customer.ErasedAt = now.UtcDateTime;
        metrics.CustomerChanged("erased");
        outbox.Publish(new CustomerErased { CustomerId = customer.Id, ErasedAt = now }, partitionKey: customer.Id.ToString());
    }
}
