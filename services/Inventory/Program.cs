using OmniRetail.Inventory.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<InventoryDbContext>(ResourceNames.Service("inventory"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
