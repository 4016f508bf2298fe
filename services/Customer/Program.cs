using OmniRetail.Customer.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<CustomerDbContext>(ResourceNames.Service("customer"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
