using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Push;

namespace OmniRetail.ChannelConnector.Persistence;

public sealed class ChannelDbContext(DbContextOptions<ChannelDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Channel> Channels => Set<Channel>();

    public DbSet<ChannelSecret> Secrets => Set<ChannelSecret>();

    public DbSet<OrderIntake> Intakes => Set<OrderIntake>();

    public DbSet<ChannelOrderReport> OrderReports => Set<ChannelOrderReport>();

    public DbSet<Listing> Listings => Set<Listing>();

    public DbSet<ChannelExposure> ChannelExposures => Set<ChannelExposure>();

    public DbSet<SkuExposure> SkuExposures => Set<SkuExposure>();

    public DbSet<WarehouseAvailability> WarehouseAvailability => Set<WarehouseAvailability>();

    public DbSet<ListPrice> ListPrices => Set<ListPrice>();

    public DbSet<ChannelPush> Pushes => Set<ChannelPush>();

    public DbSet<SyncAttempt> SyncLog => Set<SyncAttempt>();

    public DbSet<OrderUpdate> OrderUpdates => Set<OrderUpdate>();

    public DbSet<OrderShipment> OrderShipments => Set<OrderShipment>();

    public DbSet<OrderCancellation> OrderCancellations => Set<OrderCancellation>();

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
        modelBuilder.Entity<ChannelSecret>(secret =>
        {
            secret.ToTable("channel_secrets");
            secret.HasKey(s => s.Id);
            secret.Property(s => s.ChannelCode).HasMaxLength(32);
            secret.HasIndex(s => s.ChannelCode);
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
        modelBuilder.Entity<ListPrice>(price =>
        {
            price.ToTable("list_prices");
            price.HasKey(p => p.Sku);
            price.Property(p => p.Currency).HasMaxLength(3);
        });
        modelBuilder.HasSequence<long>("push_sequence");
        modelBuilder.Entity<ChannelPush>(push =>
        {
            push.ToTable("channel_pushes");
            push.HasKey(p => new { p.ChannelCode, p.Sku });
            push.Ignore(p => p.StockPending);
            push.Ignore(p => p.PricePending);
            push.Property(p => p.Currency).HasMaxLength(3);
            // What the workers claim: due rows with a value the channel has not settled.
            push.HasIndex(p => new { p.ChannelCode, p.Due })
                .HasFilter("\"StockSequence\" > \"StockSettledSequence\" OR (\"PriceValue\" IS NOT NULL AND \"PriceSequence\" > \"PriceSettledSequence\")");
        });
        modelBuilder.Entity<SyncAttempt>(attempt =>
        {
            attempt.ToTable("sync_log");
            attempt.HasKey(a => a.Id);
            attempt.HasIndex(a => new { a.ChannelCode, a.Sku, a.Id });
            attempt.HasIndex(a => new { a.ChannelCode, a.Id });
            attempt.HasIndex(a => a.At);
            attempt.Property(a => a.Kind).HasMaxLength(32);
            attempt.HasIndex(a => new { a.ChannelCode, a.OrderExternalId, a.Id }).HasFilter("\"OrderExternalId\" IS NOT NULL");
            attempt.Property(a => a.Status).HasMaxLength(300);
        });
        modelBuilder.Entity<OrderUpdate>(update =>
        {
            update.ToTable("order_updates");
            update.HasKey(u => u.Id);
            update.HasIndex(u => new { u.OrderId, u.ShipmentId, u.Kind, u.TrackingNumber }).IsUnique();
            // What the senders claim: unsettled updates, oldest first, per channel.
            update.HasIndex(u => new { u.ChannelCode, u.Id }).HasFilter("\"SettledAt\" IS NULL");
            update.Property(u => u.Kind).HasMaxLength(32);
            update.Property(u => u.TrackingNumber).HasMaxLength(128);
            update.Property(u => u.Lines).IsJsonDocument();
        });
        modelBuilder.Entity<OrderCancellation>(cancellation =>
        {
            cancellation.ToTable("order_cancellations");
            cancellation.HasKey(c => c.OrderId);
        });
        modelBuilder.Entity<OrderShipment>(shipment =>
        {
            shipment.ToTable("order_shipments");
            shipment.HasKey(s => new { s.OrderId, s.ShipmentId });
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
