using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Catalog.Categories;
using OmniRetail.Catalog.Products;
using OmniRetail.Catalog.Promotions;
using OmniRetail.Contracts.Catalog;

namespace OmniRetail.Catalog.Persistence;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Promotion> Promotions => Set<Promotion>();

    public DbSet<ChannelPrice> ChannelPrices => Set<ChannelPrice>();

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
            product.Property(p => p.Brand).HasMaxLength(100);
            product.Property(p => p.Gtin).HasMaxLength(14);
            // Products registered before these columns existed: active, in no category, without attributes.
            product.Property(p => p.Status).HasMaxLength(16).HasDefaultValue(ProductStatuses.Active);
            product.Property(p => p.Categories).HasDefaultValueSql("'{}'::text[]");
            product.Property(p => p.Attributes).IsJsonDocument().HasDefaultValueSql("'{}'::jsonb");
            product.HasIndex(p => p.Categories).HasMethod("gin");
        });
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Code);
            category.Property(c => c.Code).HasMaxLength(64);
            category.Property(c => c.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Promotion>(promotion =>
        {
            promotion.ToTable("promotions");
            promotion.HasKey(p => p.Code);
            promotion.Property(p => p.Code).HasMaxLength(64);
            promotion.Property(p => p.Name).HasMaxLength(200);
            promotion.Property(p => p.Discount).IsJsonDocument();
            promotion.HasIndex(p => p.EndsAt);
        });
        modelBuilder.Entity<ChannelPrice>(price =>
        {
            price.ToTable("channel_prices");
            price.HasKey(p => new { p.ChannelCode, p.Sku });
        });
    }
}
