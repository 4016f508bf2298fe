using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Facts;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Analytics.Persistence;

public sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<OrderFact> Orders => Set<OrderFact>();

    public DbSet<ChannelFact> Channels => Set<ChannelFact>();

    public DbSet<ProductFact> Products => Set<ProductFact>();

    public DbSet<ActivityFact> Activity => Set<ActivityFact>();

    public DbSet<SurveyFact> Surveys => Set<SurveyFact>();

    public DbSet<PromotionFact> Promotions => Set<PromotionFact>();

    public DbSet<StockFact> Stock => Set<StockFact>();

    public DbSet<Recommendations.StoredRule> Rules => Set<Recommendations.StoredRule>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<OrderFact>(order =>
        {
            order.ToTable("order_facts");
            order.HasKey(o => o.OrderId);
            order.HasIndex(o => o.PlacedAt);
            order.HasIndex(o => new { o.Channel, o.PlacedAt });
            order.HasIndex(o => o.CustomerReference);
            order.HasIndex(o => o.CustomerId);
            order.Property(o => o.Lines).IsJsonDocument();
            order.Property(o => o.Promotions).IsJsonDocument();
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Ignore(o => o.Placed);
        });
        modelBuilder.Entity<ChannelFact>(channel =>
        {
            channel.ToTable("channel_facts");
            channel.HasKey(c => c.Code);
        });
        modelBuilder.Entity<ProductFact>(product =>
        {
            product.ToTable("product_facts");
            product.HasKey(p => p.Sku);
        });
        modelBuilder.Entity<ActivityFact>(activity =>
        {
            activity.ToTable("activity_facts");
            activity.HasKey(a => a.Id);
            activity.Property(a => a.Id).UseIdentityAlwaysColumn();
            activity.HasIndex(a => new { a.Channel, a.SessionId, a.Type, a.Sku, a.At }).IsUnique();
            activity.HasIndex(a => new { a.At, a.Channel });
        });
        modelBuilder.Entity<StockFact>(stock =>
        {
            stock.ToTable("stock_facts");
            stock.HasKey(s => s.Sku);
        });
        modelBuilder.Entity<PromotionFact>(promotion =>
        {
            promotion.ToTable("promotion_facts");
            promotion.HasKey(p => p.Code);
        });
        modelBuilder.Entity<SurveyFact>(survey =>
        {
            survey.ToTable("survey_facts");
            survey.HasKey(s => s.Id);
            survey.Property(s => s.Id).UseIdentityAlwaysColumn();
            survey.HasIndex(s => s.AnsweredAt);
        });
        modelBuilder.Entity<Recommendations.StoredRule>(rule =>
        {
            rule.ToTable("association_rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Id).UseIdentityAlwaysColumn();
            rule.HasIndex(r => r.Antecedent);
        });
    }
}
