using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;

namespace OmniRetail.BuildingBlocks.Persistence;

/// <summary>
/// Base of every service's DbContext: besides the service's own tables it holds the outbox and the
/// inbox, so business changes and the messages they cause commit in one transaction.
/// </summary>
public abstract class ServiceDbContext : DbContext
{
    protected ServiceDbContext(DbContextOptions options)
        : base(options)
    {
        // Every unit of work already runs in its own transaction that is retried whole; EF's automatic savepoint
        // around each SaveChanges would only add two round trips (SAVEPOINT, RELEASE) to every message.
        Database.AutoSavepointsEnabled = false;
    }

    /// <summary>Set when this unit of work added outbox messages; the relay is woken once it commits.</summary>
    internal bool HasNewOutboxMessages { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddReliableMessaging();
}
