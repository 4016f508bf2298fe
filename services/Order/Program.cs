using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Messaging.Sagas;
using OmniRetail.Order.Carriers;
using OmniRetail.Order.Exceptions;
using OmniRetail.Order.Fulfilment;
using OmniRetail.Order.Orders;
using OmniRetail.Order.Persistence;
using OmniRetail.Order.Products;
using OmniRetail.Order.Tracking;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<OrderDbContext>(ResourceNames.Service("order"), bus =>
{
    bus.AddConsumer<ProductRegisteredConsumer>();
    bus.AddConsumer<StockLedgerCheckedConsumer>();
    bus.AddSagaStateMachine<OrderFulfilmentStateMachine, OrderState>().PostgresRepository();
});
builder.Services.AddSingleton<KnownSkus>();
builder.Services.AddOptions<FulfilmentOptions>().BindConfiguration(FulfilmentOptions.Section);

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapOrders();
app.MapCarriers();
app.MapTrackingEvents();
app.MapShopperTracking();
app.Run();
