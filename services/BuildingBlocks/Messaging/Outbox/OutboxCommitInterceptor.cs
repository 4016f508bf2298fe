using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OmniRetail.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// Signals the relay after the commit that made new outbox messages visible: after SaveChanges when
/// it ran in its own transaction, after the explicit transaction's commit otherwise.
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is MessagingDbContext context && context.ChangeTracker.Entries<OutboxMessage>().Any(entry => entry.State == EntityState.Added))
        {
            context.HasNewOutboxMessages = true;
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            SignalIfPending(eventData.Context);
        }

        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        SignalIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is MessagingDbContext context)
        {
            context.HasNewOutboxMessages = false;
        }

        return Task.CompletedTask;
    }

    private void SignalIfPending(DbContext? context)
    {
        if (context is MessagingDbContext { HasNewOutboxMessages: true } serviceContext)
        {
            serviceContext.HasNewOutboxMessages = false;
            signal.Notify();
        }
    }
}
