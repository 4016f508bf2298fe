using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;

namespace OmniRetail.Customer.Persistence;

public sealed class CustomerDbContext(DbContextOptions<CustomerDbContext> options) : ServiceDbContext(options);
