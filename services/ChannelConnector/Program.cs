using OmniRetail.BuildingBlocks;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// Positions are gathered for up to 100 ms: a burst of stock changes costs the service that takes the orders in a few
// transactions, well inside the second a channel may wait for its figure.
builder.AddOmniRetailService<ChannelDbContext>(ResourceNames.Service("channel-connector"), bus =>
    bus.AddInboxBatchConsumer<StockAvailabilityConsumer>(messageLimit: 200, timeLimit: TimeSpan.FromMilliseconds(100)));
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
