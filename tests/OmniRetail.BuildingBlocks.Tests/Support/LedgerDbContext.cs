using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.BuildingBlocks.Tests.Support;

/// <summary>A service's database for tests: its one business table is a ledger of effects, one row per effect.</summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : ServiceDbContext(options)
{
    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Deliberately no unique key on EventId: a duplicated effect must show up as a second row.
        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasIndex(e => e.RunId);
        });
        modelBuilder.Entity<TallyState>(tally =>
        {
            tally.ToTable("tally_sagas");
            tally.HasKey(state => state.CorrelationId);
            tally.Property(state => state.CurrentState).HasMaxLength(64);
            tally.HasIndex(state => state.Reference);
        });
    }
}

public sealed class LedgerEntry
{
    public long Id { get; init; }

    public Guid RunId { get; init; }

    public Guid EventId { get; init; }

    public DateTime RecordedAt { get; init; }
}

internal sealed class LedgerDbContextFactory : DesignTimeDbContextFactory<LedgerDbContext>;
