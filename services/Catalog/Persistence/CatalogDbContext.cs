using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Catalog.Persistence;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options);
