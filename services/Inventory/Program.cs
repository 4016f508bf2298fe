using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;
using OmniRetail.Inventory.Stock;
using OmniRetail.Inventory.Warehouses;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<InventoryDbContext>(ResourceNames.Service("inventory"), bus =>
{
    bus.AddInboxBatchConsumer<ReserveStockConsumer>();
    bus.AddConsumer<ReleaseStockConsumer>();
    bus.AddConsumer<ShipmentDispatchedConsumer>();
    bus.AddConsumer<StoreSaleRecordedConsumer>();
});
builder.Services.AddScoped<StockLedger>();
builder.Services.AddScoped<StockReservations>();
builder.Services.AddScoped<BackorderQueue>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapWarehouses();
app.MapStock();
app.Run();
