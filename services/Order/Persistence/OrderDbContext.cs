using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Order.Persistence;

public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : ServiceDbContext(options);
