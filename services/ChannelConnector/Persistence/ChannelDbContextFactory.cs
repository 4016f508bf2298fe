using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.ChannelConnector.Persistence;

internal sealed class ChannelDbContextFactory : DesignTimeDbContextFactory<ChannelDbContext>;
