using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.BuildingBlocks;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<ChannelDbContext>(ResourceNames.Service("channel-connector"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.Run();
