using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Order.Persistence;

internal sealed class OrderDbContextFactory : DesignTimeDbContextFactory<OrderDbContext>;
