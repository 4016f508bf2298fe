using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Catalog.Persistence;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : ServiceDbContext(options);
