using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;

namespace OmniRetail.BuildingBlocks.Persistence;

/// <summary>Base of every service's DbContext: its own tables plus the messaging library's outbox and inbox.</summary>
public abstract class ServiceDbContext(DbContextOptions options) : MessagingDbContext(options);
