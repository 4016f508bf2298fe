using OmniRetail.BuildingBlocks;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<ChannelDbContext>(ResourceNames.Service("channel-connector"), bus =>
    bus.AddInboxBatchConsumer<StockAvailabilityConsumer>());
builder.Services.AddScoped<IntakeStore>();
builder.Services.AddSingleton<ChannelDirectory>();
builder.Services.AddScoped<AvailableToSell>();
builder.Services.AddSingleton(new OutboundUrlRule(builder.Environment.IsDevelopment(),
    builder.Configuration.GetSection("Channels:Outbound:AllowedHosts").Get<string[]>() ?? []));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapChannels();
app.MapIntake();
app.MapOutbound();
app.Run();
