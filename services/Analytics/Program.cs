using OmniRetail.Analytics.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<AnalyticsDbContext>(ResourceNames.Service("analytics"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
