using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Inventory.Persistence;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : DbContext(options);
