using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Analytics.Persistence;

internal sealed class AnalyticsDbContextFactory : DesignTimeDbContextFactory<AnalyticsDbContext>;
