using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Supply.Demand;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.PurchaseOrders;
using OmniRetail.Supply.Replenishment;
using OmniRetail.Supply.Settings;
using OmniRetail.Supply.Stock;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Persistence;

public sealed class SupplyDbContext(DbContextOptions<SupplyDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Supplier> Suppliers => Set<Supplier>();

    public DbSet<SupplierOffer> Offers => Set<SupplierOffer>();

    public DbSet<PurchaseOrder> PurchaseOrders => Set<PurchaseOrder>();

    public DbSet<KnownSku> Skus => Set<KnownSku>();

    public DbSet<KnownWarehouse> Warehouses => Set<KnownWarehouse>();

    public DbSet<DemandOrder> DemandOrders => Set<DemandOrder>();

    public DbSet<DemandLine> DemandLines => Set<DemandLine>();

    public DbSet<WarehouseShipment> WarehouseShipments => Set<WarehouseShipment>();

    public DbSet<ImportedDemandDay> ImportedDemand => Set<ImportedDemandDay>();

    public DbSet<StockoutDay> StockoutDays => Set<StockoutDay>();

    public DbSet<SkuPosition> Positions => Set<SkuPosition>();

    public DbSet<StockArrivalRecord> Arrivals => Set<StockArrivalRecord>();

    public DbSet<GlobalSettingsRecord> GlobalSettings => Set<GlobalSettingsRecord>();

    public DbSet<SkuSettingsRecord> SkuSettings => Set<SkuSettingsRecord>();

    public DbSet<SkuPolicy> Policies => Set<SkuPolicy>();

    public DbSet<StockAlert> Alerts => Set<StockAlert>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Supplier>(supplier =>
        {
            supplier.ToTable("suppliers");
            supplier.HasKey(s => s.Code);
            supplier.Property(s => s.Code).HasMaxLength(32);
            supplier.Property(s => s.Currency).HasMaxLength(3);
        });
        modelBuilder.Entity<SupplierOffer>(offer =>
        {
            offer.ToTable("supplier_offers");
            offer.HasKey(o => new { o.SupplierCode, o.Sku });
            offer.HasIndex(o => o.Sku);
            offer.Property(o => o.PriceBreaks).IsJsonDocument();
        });
        modelBuilder.Entity<PurchaseOrder>(order =>
        {
            order.ToTable("purchase_orders");
            order.HasKey(o => o.Id);
            order.Property(o => o.Sequence).UseIdentityAlwaysColumn();
            order.HasIndex(o => o.Sequence).IsUnique();
            order.Property(o => o.Number).HasMaxLength(32)
                .HasComputedColumnSql("""'PO-' || CASE WHEN "Sequence" < 1000000 THEN lpad("Sequence"::text, 6, '0') ELSE "Sequence"::text END""", stored: true);
            order.HasIndex(o => o.Number).IsUnique();
            order.HasIndex(o => new { o.Status, o.SupplierCode });
            order.Property(o => o.Lines).IsJsonDocument();
            order.Property(o => o.Receipts).IsJsonDocument();
            order.Ignore(o => o.Ordered);
            order.Ignore(o => o.Received);
        });
        modelBuilder.Entity<KnownSku>(sku =>
        {
            sku.ToTable("known_skus");
            sku.HasKey(s => s.Sku);
        });
        modelBuilder.Entity<KnownWarehouse>(warehouse =>
        {
            warehouse.ToTable("known_warehouses");
            warehouse.HasKey(w => w.Code);
        });
        modelBuilder.Entity<DemandOrder>(order =>
        {
            order.ToTable("demand_orders");
            order.HasKey(o => o.OrderId);
        });
        modelBuilder.Entity<DemandLine>(line =>
        {
            line.ToTable("demand_lines");
            line.HasKey(l => new { l.OrderId, l.Sku });
            line.HasIndex(l => new { l.Sku, l.Date });
        });
        modelBuilder.Entity<WarehouseShipment>(shipment =>
        {
            shipment.ToTable("warehouse_shipments");
            shipment.HasKey(s => new { s.OrderId, s.Warehouse, s.Sku });
            shipment.HasIndex(s => new { s.Sku, s.Date });
        });
        modelBuilder.Entity<ImportedDemandDay>(day =>
        {
            day.ToTable("imported_demand");
            day.HasKey(d => new { d.Sku, d.Date });
        });
        modelBuilder.Entity<StockoutDay>(day =>
        {
            day.ToTable("stockout_days");
            day.HasKey(d => new { d.Sku, d.Date });
        });
        modelBuilder.Entity<SkuPosition>(position =>
        {
            position.ToTable("sku_positions");
            position.HasKey(p => p.Sku);
            position.Property(p => p.Warehouses).IsJsonDocument();
        });
        modelBuilder.Entity<StockArrivalRecord>(arrival =>
        {
            arrival.ToTable("stock_arrivals");
            arrival.Property(a => a.Id).UseIdentityAlwaysColumn();
            arrival.HasIndex(a => new { a.Sku, a.ReceivedAt });
        });
        modelBuilder.Entity<GlobalSettingsRecord>(settings =>
        {
            settings.ToTable("global_settings");
            settings.HasKey(s => s.Id);
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.Value).IsJsonDocument();
        });
        modelBuilder.Entity<SkuSettingsRecord>(settings =>
        {
            settings.ToTable("sku_settings");
            settings.HasKey(s => s.Sku);
            settings.Property(s => s.Value).IsJsonDocument();
        });
        modelBuilder.Entity<SkuPolicy>(policy =>
        {
            policy.ToTable("sku_policies");
            policy.HasKey(p => p.Sku);
            policy.HasIndex(p => new { p.Abc, p.Status });
            policy.Property(p => p.View).IsJsonDocument();
        });
        modelBuilder.Entity<StockAlert>(alert =>
        {
            alert.ToTable("stock_alerts");
            alert.HasKey(a => a.Id);
            alert.HasIndex(a => new { a.Sku, a.Kind }).IsUnique().HasFilter("\"ClearedAt\" IS NULL");
        });
    }
}
