using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.Inventory.Invariants;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Transfers;
using OmniRetail.Inventory.Warehouses;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<InventoryDbContext>(ResourceNames.Service("inventory"), bus =>
{
    bus.AddInboxBatchConsumer<ReserveStockConsumer>();
    bus.AddConsumer<ReleaseStockConsumer>();
    bus.AddConsumer<ShipmentDispatchedConsumer>();
    bus.AddConsumer<StoreSaleRecordedConsumer>();
    bus.AddConsumer<ReceivePurchasedStockConsumer>();
    bus.AddConsumer<ReturnReceivedConsumer>();
});
builder.Services.AddScoped<StockLedger>();
builder.Services.AddScoped<StockReservations>();
builder.Services.AddScoped<BackorderQueue>();
builder.Services.AddScoped<LedgerInvariants>();
builder.Services.AddOptions<InvariantOptions>().BindConfiguration(InvariantOptions.Section);
builder.Services.AddSingleton<InvariantMetrics>();
builder.Services.AddSingleton<InvariantMonitor>();
builder.Services.AddHostedService(services => services.GetRequiredService<InvariantMonitor>());

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapWarehouses();
app.MapStock();
app.MapTransfers();
app.MapInvariants();
app.Run();
public partial class Program;
