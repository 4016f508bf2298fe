using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Analytics.Persistence;

public sealed class AnalyticsDbContext(DbContextOptions<AnalyticsDbContext> options) : DbContext(options);
