using OmniRetail.Supply.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<SupplyDbContext>(ResourceNames.Service("supply"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
