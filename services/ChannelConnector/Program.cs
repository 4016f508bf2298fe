using OmniRetail.BuildingBlocks;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ChannelConnector.Push;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
// Positions are gathered for up to 100 ms: a burst of stock changes costs the service that takes the orders in a few
// transactions, well inside the second a channel may wait for its figure.
builder.AddOmniRetailService<ChannelDbContext>(ResourceNames.Service("channel-connector"), bus =>
{
    bus.AddInboxBatchConsumer<StockAvailabilityConsumer>(messageLimit: 200, timeLimit: TimeSpan.FromMilliseconds(100));
    bus.AddConsumer<ProductRegisteredConsumer>();
    bus.AddConsumer<ShipmentProgressedConsumer>();
    bus.AddConsumer<OrderCancelledConsumer>();
});
builder.Services.AddScoped<IntakeStore>();
builder.Services.AddSingleton<ChannelDirectory>();
builder.Services.Configure<ChannelRateLimitOptions>(builder.Configuration.GetSection(ChannelRateLimitOptions.Section));
builder.Services.AddSingleton<ChannelRateLimit>();
builder.Services.AddScoped<AvailableToSell>();
var outboundUrls = new OutboundUrlRule(builder.Environment.IsDevelopment(), builder.Configuration.GetSection("Channels:Outbound:AllowedHosts").Get<string[]>() ?? []);
builder.Services.AddSingleton(outboundUrls);

// Pushing to channels: the wanted values are planned in the unit of work that changed them, and sent by one loop per
// channel through a client of its own: its retries are the push's (PushSender), not the defaults every client gets.
builder.Services.AddScoped<PushPlanner>();
builder.Services.AddSingleton<PushSender>();
builder.Services.AddSingleton<PushMetrics>();
builder.Services.Configure<PushOptions>(builder.Configuration.GetSection("Channels:Push"));
builder.Services.AddSingleton<PushPulse>();
builder.Services.AddHostedService<PushWakeUps>();
builder.Services.AddHostedService<PushWorkers>();
builder.Services.AddHostedService<OrderUpdateWorkers>();
#pragma warning disable EXTEXP0001 // Still marked experimental; the only way to keep the defaults' retries off this one client.
builder.Services.AddHttpClient(PushSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
    {
        ConnectCallback = new OutboundConnectGuard(outboundUrls).Connect,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 16,
    })
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapChannels();
app.MapChannelSecrets();
app.MapIntake();
app.MapOrderStatus();
app.MapActivity();
app.MapOutbound();
app.MapPush();
app.Run();
