using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Outbound;

namespace OmniRetail.ChannelConnector.Persistence;

public sealed class ChannelDbContext(DbContextOptions<ChannelDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Channel> Channels => Set<Channel>();

    public DbSet<OrderIntake> Intakes => Set<OrderIntake>();

    public DbSet<ChannelOrderReport> OrderReports => Set<ChannelOrderReport>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<ChannelExposure> ChannelExposures => Set<ChannelExposure>();

    public DbSet<SkuExposure> SkuExposures => Set<SkuExposure>();

    public DbSet<WarehouseAvailability> WarehouseAvailability => Set<WarehouseAvailability>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Channel>(channel =>
        {
            channel.ToTable("channels");
            channel.HasKey(c => c.Code);
            channel.Property(c => c.Code).HasMaxLength(32);
            channel.Property(c => c.Kind).HasMaxLength(16);
        });
        modelBuilder.Entity<OrderIntake>(intake =>
        {
            intake.ToTable("order_intakes");
            intake.HasKey(i => i.OrderId);
            intake.HasIndex(i => new { i.ChannelCode, i.ExternalId }).IsUnique();
            intake.HasIndex(i => new { i.ChannelCode, i.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
            intake.Property(i => i.ExternalId).HasMaxLength(128);
            intake.Property(i => i.IdempotencyKey).HasMaxLength(128);
        });
        modelBuilder.Entity<Listing>(listing =>
        {
            listing.ToTable("listings");
            listing.HasKey(l => new { l.ChannelCode, l.Sku });
            listing.HasIndex(l => l.Sku);
            listing.Property(l => l.Sku).HasMaxLength(64);
        });
        modelBuilder.Entity<ChannelExposure>(exposure =>
        {
            exposure.ToTable("channel_exposure");
            exposure.HasKey(e => e.ChannelCode);
            exposure.Property(e => e.Rule).IsJsonDocument();
        });
        modelBuilder.Entity<SkuExposure>(exposure =>
        {
            exposure.ToTable("sku_exposure");
            exposure.HasKey(e => new { e.ChannelCode, e.Sku });
            exposure.Property(e => e.Override).IsJsonDocument();
        });
        modelBuilder.Entity<WarehouseAvailability>(availability =>
        {
            availability.ToTable("warehouse_availability");
            availability.HasKey(w => new { w.Sku, w.Warehouse });
        });
        modelBuilder.Entity<ChannelOrderReport>(report =>
        {
            report.ToTable("channel_order_reports");
            report.HasKey(r => new { r.ChannelCode, r.ExternalId, r.Change });
            report.Property(r => r.ExternalId).HasMaxLength(128);
            report.Property(r => r.Change).HasMaxLength(16);
            report.Property(r => r.Topic).HasMaxLength(64);
            report.Property(r => r.DeliveryId).HasMaxLength(128);
        });
    }
}
