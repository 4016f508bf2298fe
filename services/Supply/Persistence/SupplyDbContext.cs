using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Supply.Persistence;

public sealed class SupplyDbContext(DbContextOptions<SupplyDbContext> options) : ServiceDbContext(options);
