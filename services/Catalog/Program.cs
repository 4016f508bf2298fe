using OmniRetail.BuildingBlocks;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Products;
using OmniRetail.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniRetailService<CatalogDbContext>(ResourceNames.Service("catalog"));

var app = builder.Build();
app.MapOmniRetailServiceDefaults();
app.MapProducts();
app.Run();
