using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Inventory.Persistence;

public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : ServiceDbContext(options);
