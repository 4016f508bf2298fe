using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.ServiceDefaults;
using OmniRetail.Supply.Demand;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.PurchaseOrders;
using OmniRetail.Supply.Replenishment;
using OmniRetail.Supply.Settings;
using OmniRetail.Supply.Simulation;
using OmniRetail.Supply.Stock;
using OmniRetail.Supply.Suppliers;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<SupplyDbContext>(ResourceNames.Service("supply"), bus =>
{
    bus.AddInboxBatchConsumer<OrderPlacedConsumer>();
    bus.AddConsumer<OrderCancelledConsumer>();
    bus.AddConsumer<OrderShippedConsumer>();
    bus.AddInboxBatchConsumer<StockAvailabilityChangedConsumer>();
    bus.AddConsumer<StockReceivedConsumer>();
    bus.AddConsumer<ProductRegisteredConsumer>();
    bus.AddConsumer<WarehouseRegisteredConsumer>();
});
builder.Services.AddScoped<PolicyFactsReader>();
builder.Services.AddScoped<PolicyRecompute>();
builder.Services.AddScoped<Replenishment>();
builder.Services.AddOptions<RecomputeOptions>().BindConfiguration(RecomputeOptions.Section)
    .Validate(options => options.IsValid(), $"{RecomputeOptions.Section}:Schedule is not a cron expression").ValidateOnStart();
builder.Services.AddHostedService<NightlyRecompute>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapSuppliers();
app.MapPurchaseOrders();
app.MapDemandHistory();
app.MapSupplySettings();
app.MapPolicies();
app.MapReplenishment();
app.MapSimulations();
app.Run();
public partial class Program;
