using OmniRetail.Order.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<OrderDbContext>(ResourceNames.Service("order"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
