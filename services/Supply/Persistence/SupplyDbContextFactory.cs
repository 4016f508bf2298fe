using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Supply.Persistence;

internal sealed class SupplyDbContextFactory : DesignTimeDbContextFactory<SupplyDbContext>;
