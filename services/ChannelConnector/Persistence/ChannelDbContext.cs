using Microsoft.EntityFrameworkCore;

namespace OmniRetail.ChannelConnector.Persistence;

public sealed class ChannelDbContext(DbContextOptions<ChannelDbContext> options) : DbContext(options);
