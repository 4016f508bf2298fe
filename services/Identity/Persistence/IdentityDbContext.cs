using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Identity.Audit;
using OmniRetail.Identity.Keys;
using OmniRetail.Identity.SignIn;
using OmniRetail.Identity.Staff;

namespace OmniRetail.Identity.Persistence;

public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : ServiceDbContext(options)
{
    public DbSet<StaffUser> Users => Set<StaffUser>();

    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<StaffUser>(user =>
        {
            user.ToTable("staff_users");
            user.HasKey(u => u.Username);
            user.Property(u => u.Username).HasMaxLength(64);
            user.Property(u => u.DisplayName).HasMaxLength(128);
            user.Ignore(u => u.MfaEnabled);
            user.Ignore(u => u.IsAdmin);
        });
        modelBuilder.Entity<RecoveryCode>(code =>
        {
            code.ToTable("recovery_codes");
            code.HasKey(c => new { c.Username, c.Hash });
            code.Property(c => c.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Hash);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.Username);
        });
        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
        });
        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_entries");
            entry.HasKey(e => e.Sequence);
            entry.Property(e => e.Sequence).ValueGeneratedNever();
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.Actor, e.Sequence });
        });
    }
}

internal sealed class IdentityDbContextFactory : DesignTimeDbContextFactory<IdentityDbContext>;
