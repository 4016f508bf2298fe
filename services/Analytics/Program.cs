using OmniRetail.Analytics.Facts;
using OmniRetail.Analytics.Kpis;
using OmniRetail.Analytics.Persistence;
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
});
builder.Services.AddRetailCurrency();
builder.Services.AddScoped<KpiReader>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapKpis();
app.Run();
public partial class Program;
