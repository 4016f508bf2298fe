using MassTransit;
using OmniRetail.BuildingBlocks;
using OmniRetail.Catalog.Caching;
using OmniRetail.Catalog.Categories;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Pricing;
using OmniRetail.Catalog.Products;
using OmniRetail.Catalog.Promotions;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<CatalogDbContext>(ResourceNames.Service("catalog"), bus =>
{
    bus.AddConsumer<ChannelListingConsumer>();
    bus.AddConsumer<PriceOrderConsumer>();
    // Each instance's cached copies go stale on their own: every instance hears every change, on a queue of its own.
    bus.AddConsumer<CatalogCacheInvalidation>().Endpoint(endpoint =>
    {
        endpoint.InstanceId = Guid.NewGuid().ToString("N")[..8];
        endpoint.Temporary = true;
    });
});

// HybridCache: in process, and in Redis when the stack has it (every instance then shares one second level).
if (builder.Configuration.GetConnectionString(ResourceNames.Redis) is { Length: > 0 } redis)
{
    builder.Services.AddStackExchangeRedisCache(options =>
    {
        options.Configuration = redis;
        options.InstanceName = "omniretail:";
    });
}

builder.Services.AddHybridCache();
builder.Services.AddSingleton<CatalogCache>();
builder.Services.AddScoped<Quoting>();

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapProducts();
app.MapCategories();
app.MapPromotions();
app.Run();
