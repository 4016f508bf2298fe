using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Inventory.Persistence;

internal sealed class InventoryDbContextFactory : DesignTimeDbContextFactory<InventoryDbContext>;
