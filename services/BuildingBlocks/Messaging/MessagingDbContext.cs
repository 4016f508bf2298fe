using Microsoft.EntityFrameworkCore;

namespace OmniRetail.BuildingBlocks.Messaging;

/// <summary>
/// Base of a DbContext that sends and receives messages: besides its own tables it holds the outbox and the inbox, so
/// business changes and the messages they cause commit in one transaction.
/// </summary>
public abstract class MessagingDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Set when this unit of work added outbox messages; the relay is woken once it commits.</summary>
    internal bool HasNewOutboxMessages { get; set; }

    // Every unit of work already runs in its own transaction that is retried whole; EF's automatic savepoint around
    // each SaveChanges would only add two round trips (SAVEPOINT, RELEASE) to every message. Set per save, because a
    // pooled context gets EF's default back each time it is leased.
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // A pooled context is reused: a unit of work that never committed must not wake the relay for the next one.
    public override ValueTask DisposeAsync()
    {
        HasNewOutboxMessages = false;
        return base.DisposeAsync();
    }

    public override void Dispose()
    {
        HasNewOutboxMessages = false;
        base.Dispose();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddReliableMessaging();
}
