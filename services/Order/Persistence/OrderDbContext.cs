using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Order.Carriers;
using OmniRetail.Order.Exceptions;
using OmniRetail.Order.Fulfilment;
using OmniRetail.Order.Products;

namespace OmniRetail.Order.Persistence;

public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : ServiceDbContext(options)
{
    public DbSet<OrderState> Orders => Set<OrderState>();

    public DbSet<OrderTimelineEntry> Timeline => Set<OrderTimelineEntry>();

    public DbSet<KnownProduct> KnownProducts => Set<KnownProduct>();

    public DbSet<StockLedgerReport> StockLedgerReports => Set<StockLedgerReport>();

    public DbSet<Carrier> Carriers => Set<Carrier>();

    public DbSet<ShipmentTracking> ShipmentTracking => Set<ShipmentTracking>();

    public DbSet<CarrierEvent> CarrierEvents => Set<CarrierEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<OrderState>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.CorrelationId);
            order.Property(o => o.CorrelationId).HasColumnName("OrderId");
            order.HasIndex(o => new { o.ChannelCode, o.ExternalId }).IsUnique();
            order.HasIndex(o => o.CurrentState);
            order.HasIndex(o => o.TrackingLookup).IsUnique().HasFilter("\"TrackingLookup\" IS NOT NULL");
            order.HasIndex(o => new { o.CustomerLookup, o.ReceivedAt });
            order.Property(o => o.CurrentState).HasMaxLength(32);
            order.Property(o => o.Total).HasPrecision(18, 4);
            order.Property(o => o.Allocations).IsJsonDocument();
            order.Property(o => o.Shipments).IsJsonDocument(OrderDocuments.WithCurrentStatuses);
            order.Property(o => o.Invoice).IsJsonDocument();
            order.Property(o => o.Pricing).IsJsonDocument();
        });
        modelBuilder.Entity<OrderTimelineEntry>(entry =>
        {
            entry.ToTable("order_timeline");
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.HasIndex(e => e.OrderId);
        });
        modelBuilder.Entity<KnownProduct>(product =>
        {
            product.ToTable("known_products");
            product.HasKey(p => p.Sku);
        });
        modelBuilder.Entity<StockLedgerReport>(report =>
        {
            report.ToTable("stock_ledger_reports");
            report.HasKey(r => r.Ledger);
        });
        modelBuilder.Entity<Carrier>(carrier =>
        {
            carrier.ToTable("carriers");
            carrier.HasKey(c => c.Code);
            carrier.Property(c => c.Code).HasMaxLength(32);
            carrier.Property(c => c.Services).IsJsonDocument();
        });
        modelBuilder.Entity<ShipmentTracking>(tracking =>
        {
            tracking.ToTable("shipment_tracking");
            tracking.HasKey(t => new { t.Carrier, t.TrackingNumber });
            tracking.Property(t => t.TrackingNumber).HasMaxLength(128);
        });
        modelBuilder.Entity<CarrierEvent>(carrierEvent =>
        {
            carrierEvent.ToTable("carrier_events");
            carrierEvent.HasKey(e => e.Id);
            carrierEvent.HasIndex(e => new { e.Carrier, e.TrackingNumber, e.Status, e.At }).IsUnique();
            carrierEvent.Property(e => e.TrackingNumber).HasMaxLength(128);
            carrierEvent.Property(e => e.Status).HasMaxLength(32);
            carrierEvent.Property(e => e.Location).HasMaxLength(200);
        });
        modelBuilder.Entity<InvoiceCounter>(counter =>
        {
            counter.ToTable("invoice_counters");
            counter.HasKey(c => c.Year);
            counter.Property(c => c.Year).ValueGeneratedNever();
        });
    }
}
