using OmniRetail.BuildingBlocks.Retail;
using OmniRetail.BuildingBlocks;
using OmniRetail.BuildingBlocks.Scheduling;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.Customer.Returns;
using OmniRetail.Customer.Segments;
using OmniRetail.Customer.Surveys;
using OmniRetail.Customer.Telemetry;
using OmniRetail.Customer.Tickets;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<CustomerDbContext>(ResourceNames.Service("customer"), bus =>
{
    bus.AddConsumer<OrderPlacedConsumer>();
    bus.AddConsumer<OrderShippedConsumer>();
    bus.AddConsumer<OrderDeliveredConsumer>();
    bus.AddConsumer<OrderDeliveryFailedConsumer>();
    bus.AddConsumer<OrderCancelledConsumer>();
    bus.AddConsumer<WarehouseRegisteredConsumer>();
    bus.AddConsumer<TicketSlaDueConsumer>();
    bus.AddConsumer<DeliverySurveyDueConsumer>();
});
builder.Services.AddRetailCurrency();
builder.Services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section);
builder.Services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.Section)
    .Validate(options => options.IsValid(), "Customer:Sla: every priority needs FirstResponseHours > 0 and ResolutionHours ≥ FirstResponseHours").ValidateOnStart();
builder.Services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section);
builder.Services.AddOptions<ReturnOptions>().BindConfiguration(ReturnOptions.Section);
builder.Services.AddSingleton<CustomerVault>();
builder.Services.AddSingleton<CustomerMetrics>();
builder.Services.AddScoped<IdentityResolution>();
builder.Services.AddScoped<CustomerMerge>();
builder.Services.AddScoped<CustomerProfiles>();
builder.Services.AddScoped<CustomerErasure>();
builder.Services.AddScoped<CustomerExport>();
builder.Services.AddScoped<LoyaltyLedger>();
builder.Services.AddScoped<SurveyIssuer>();
builder.Services.AddScoped<TicketDesk>();
builder.Services.AddScoped<OrderFollowUps>();
builder.Services.AddScoped<ReturnResolution>();
builder.AddCronJob<SegmentRecompute>(SegmentRecompute.Section, "30 2 * * *");
builder.AddCronJob<LoyaltyExpiry>(LoyaltyExpiry.Section, "15 * * * *");

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapCustomers();
app.MapSegments();
app.MapSurveys();
app.MapTickets();
app.MapLoyalty();
app.MapReturns();
app.Run();
public partial class Program;
