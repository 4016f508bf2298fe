using OmniRetail.Analytics.Facts;
using OmniRetail.Analytics.Kpis;
using OmniRetail.Analytics.Persistence;
using OmniRetail.Analytics.Promotions;
using OmniRetail.Analytics.Recommendations;
using OmniRetail.BuildingBlocks.Scheduling;
using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Retail;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<AnalyticsDbContext>(ResourceNames.Service("analytics"), bus =>
{
    // The busiest event in batches: one transaction for many orders.
    bus.AddInboxBatchConsumer<OrderPlacedConsumer>(messageLimit: 100, TimeSpan.FromMilliseconds(50));
    bus.AddConsumer<OrderShippedConsumer>();
    bus.AddConsumer<OrderDeliveredConsumer>();
    bus.AddConsumer<OrderCancelledConsumer>();
    bus.AddConsumer<RefundIssuedConsumer>();
    bus.AddConsumer<ReturnReceivedConsumer>();
    bus.AddConsumer<ChannelRegisteredConsumer>();
    bus.AddConsumer<ProductRegisteredConsumer>();
    bus.AddConsumer<ChannelActivityConsumer>();
    bus.AddConsumer<SurveyAnsweredConsumer>();
    bus.AddConsumer<CustomerOrderLinkedConsumer>();
    bus.AddConsumer<CustomersMergedConsumer>();
    bus.AddConsumer<PromotionChangedConsumer>();
    bus.AddConsumer<OrderPricedConsumer>();
    bus.AddInboxBatchConsumer<StockAvailabilityConsumer>(messageLimit: 200, TimeSpan.FromMilliseconds(200));
});
builder.Services.AddRetailCurrency();
builder.Services.AddScoped<KpiReader>();
builder.Services.AddScoped<OmniRetail.Analytics.Clusters.CustomerClusters>();
builder.Services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.Section)
    .Validate(options => options.IsValid(), "Analytics:Recommendations: WindowDays 1–3650, MinSupport and MinConfidence in (0, 1]").ValidateOnStart();
builder.AddCronJob<RecommendationRefresh>(RecommendationOptions.Section, "0 * * * *");

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapKpis();
app.MapRecommendations();
OmniRetail.Analytics.Clusters.CustomerClusters.Map(app);
app.MapPromotionEffect();
app.Run();
public partial class Program;
