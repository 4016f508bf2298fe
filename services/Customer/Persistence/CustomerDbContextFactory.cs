using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Customer.Persistence;

internal sealed class CustomerDbContextFactory : DesignTimeDbContextFactory<CustomerDbContext>;
