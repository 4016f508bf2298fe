using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Order.Persistence;

public sealed class OrderDbContext(DbContextOptions<OrderDbContext> options) : DbContext(options);
