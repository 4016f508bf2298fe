using Microsoft.EntityFrameworkCore;

namespace OmniRetail.Customer.Persistence;

public sealed class CustomerDbContext(DbContextOptions<CustomerDbContext> options) : DbContext(options);
