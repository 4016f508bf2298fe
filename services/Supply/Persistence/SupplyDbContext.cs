using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Supply.Persistence;

public sealed class SupplyDbContext(DbContextOptions<SupplyDbContext> options) : DbContext(options);
