using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Catalog.Products;

namespace OmniRetail.Catalog.Persistence;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.HasKey(p => p.Sku);
            product.Property(p => p.Sku).HasMaxLength(64);
            product.Property(p => p.Name).HasMaxLength(200);
            product.Property(p => p.Price).HasPrecision(18, 4);
            product.Property(p => p.Currency).HasMaxLength(3);
        });
    }
}
