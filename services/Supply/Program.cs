using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Scheduling;
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
// Supply plans in days, not milliseconds: its consumers of the busiest events wait to fill larger batches, so the
// order pipeline's every event costs it a fraction of a transaction.
var patientBatch = TimeSpan.FromMilliseconds(500);
builder.AddOmniRetailService<SupplyDbContext>(ResourceNames.Service("supply"), bus =>
{
    bus.AddInboxBatchConsumer<OrderPlacedConsumer>(messageLimit: 200, patientBatch);
    bus.AddConsumer<OrderCancelledConsumer>();
    bus.AddConsumer<OrderShippedConsumer>();
    bus.AddInboxBatchConsumer<StockAvailabilityChangedConsumer>(messageLimit: 200, patientBatch);
    bus.AddConsumer<StockReceivedConsumer>();
    bus.AddConsumer<ProductRegisteredConsumer>();
    bus.AddConsumer<WarehouseRegisteredConsumer>();
});
builder.Services.AddScoped<PolicyFactsReader>();
builder.Services.AddScoped<PolicyRecompute>();
builder.Services.AddScoped<Replenishment>();
builder.AddCronJob<NightlyRecompute>(NightlyRecompute.Section, "0 2 * * *");

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
