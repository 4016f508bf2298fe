using OmniRetail.BuildingBlocks;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<ChannelDbContext>(ResourceNames.Service("channel-connector"));
builder.Services.AddScoped<IntakeStore>();
builder.Services.AddSingleton<ChannelDirectory>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapChannels();
app.MapIntake();
app.Run();
