using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Catalog.Persistence;

internal sealed class CatalogDbContextFactory : DesignTimeDbContextFactory<CatalogDbContext>;
