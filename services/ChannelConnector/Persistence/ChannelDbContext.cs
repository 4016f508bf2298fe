using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.ChannelConnector.Persistence;

public sealed class ChannelDbContext(DbContextOptions<ChannelDbContext> options) : ServiceDbContext(options);
