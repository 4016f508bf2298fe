using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Transfers;
using OmniRetail.Inventory.Warehouses;

namespace OmniRetail.Inventory.Persistence;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Warehouse> Warehouses => Set<Warehouse>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<StockMovement> StockMovements => Set<StockMovement>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    public DbSet<Backorder> Backorders => Set<Backorder>();

    public DbSet<StockOrder> Orders => Set<StockOrder>();

    public DbSet<StockTransfer> Transfers => Set<StockTransfer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Warehouse>(warehouse =>
        {
            warehouse.ToTable("warehouses");
            warehouse.HasKey(w => w.Code);
            warehouse.Property(w => w.Code).HasMaxLength(32);
            warehouse.Property(w => w.Country).HasMaxLength(2);
        });
        modelBuilder.Entity<StockLevel>(level =>
        {
            level.ToTable("stock_levels", table => table.HasCheckConstraint("ck_stock_never_oversold", "\"Reserved\" >= 0 AND \"Reserved\" <= \"OnHand\""));
            level.HasKey(l => new { l.Sku, l.Warehouse });
            level.Property(l => l.Sku).HasMaxLength(64);
            level.Property(l => l.Warehouse).HasMaxLength(32);
            level.Ignore(l => l.Available);
        });
        modelBuilder.Entity<StockMovement>(movement =>
        {
            movement.ToTable("stock_movements");
            movement.Property(m => m.Id).UseIdentityAlwaysColumn();
            movement.HasIndex(m => new { m.Sku, m.Warehouse });
            movement.Property(m => m.Kind).HasMaxLength(32);
        });
        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.HasKey(r => new { r.OrderId, r.Sku, r.Warehouse });
            reservation.HasIndex(r => r.Sku);
        });
        modelBuilder.Entity<Backorder>(backorder =>
        {
            backorder.ToTable("backorders");
            backorder.HasKey(b => b.Sequence);
            backorder.Property(b => b.Sequence).UseIdentityAlwaysColumn();
            backorder.HasIndex(b => b.OrderId).IsUnique();
            backorder.HasIndex(b => b.Skus).HasMethod("gin");
            backorder.Property(b => b.Request).IsJsonDocument();
        });
        modelBuilder.Entity<StockTransfer>(transfer =>
        {
            transfer.ToTable("stock_transfers", table => table.HasCheckConstraint("ck_transfer_quantity_positive", "\"Quantity\" > 0"));
            transfer.HasKey(t => t.Id);
            transfer.Property(t => t.Sku).HasMaxLength(64);
            transfer.Property(t => t.From).HasMaxLength(32);
            transfer.Property(t => t.To).HasMaxLength(32);
            transfer.Ignore(t => t.Status);
            transfer.HasIndex(t => t.Sku).HasFilter("\"ReceivedAt\" IS NULL");
        });
        modelBuilder.Entity<StockOrder>(order =>
        {
            order.ToTable("stock_orders");
            order.HasKey(o => o.OrderId);
        });
    }
}
