using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Returns;
using OmniRetail.Customer.Surveys;
using OmniRetail.Customer.Tickets;

namespace OmniRetail.Customer.Persistence;

public sealed class CustomerDbContext(DbContextOptions<CustomerDbContext> options) : ServiceDbContext(options)
{
    public DbSet<CustomerAccount> Customers => Set<CustomerAccount>();

    public DbSet<CustomerIdentifier> Identifiers => Set<CustomerIdentifier>();

    public DbSet<ConsentChange> Consent => Set<ConsentChange>();

    public DbSet<CustomerOrder> Orders => Set<CustomerOrder>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<TicketMessage> TicketMessages => Set<TicketMessage>();

    public DbSet<Survey> Surveys => Set<Survey>();

    public DbSet<LoyaltyProgram> LoyaltyPrograms => Set<LoyaltyProgram>();

    public DbSet<LoyaltyEntry> LoyaltyEntries => Set<LoyaltyEntry>();

    public DbSet<ReturnRequest> Returns => Set<ReturnRequest>();

    public DbSet<KnownWarehouse> Warehouses => Set<KnownWarehouse>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<CustomerAccount>(customer =>
        {
            customer.ToTable("customers");
            customer.HasKey(c => c.Id);
            customer.Property(c => c.Segment).HasMaxLength(32);
            customer.Property(c => c.LoyaltyTier).HasMaxLength(64);
            customer.HasIndex(c => c.Segment);
            customer.Ignore(c => c.IsActive);
        });
        modelBuilder.Entity<CustomerIdentifier>(identifier =>
        {
            identifier.ToTable("customer_identifiers");
            identifier.HasKey(i => new { i.Kind, i.Lookup });
            identifier.Property(i => i.Kind).HasMaxLength(16);
            identifier.Property(i => i.Lookup).HasMaxLength(64);
            identifier.HasIndex(i => i.CustomerId);
        });
        modelBuilder.Entity<ConsentChange>(consent =>
        {
            consent.ToTable("consent_changes");
            consent.HasKey(c => c.Id);
            consent.Property(c => c.Id).UseIdentityAlwaysColumn();
            consent.HasIndex(c => new { c.CustomerId, c.Channel, c.At });
            consent.Property(c => c.Channel).HasMaxLength(64);
            consent.Property(c => c.Source).HasMaxLength(200);
        });
        modelBuilder.Entity<CustomerOrder>(order =>
        {
            order.ToTable("customer_orders");
            order.HasKey(o => o.OrderId);
            order.HasIndex(o => new { o.CustomerId, o.PlacedAt });
            order.Property(o => o.Lines).IsJsonDocument();
            order.Property(o => o.Shipped).IsJsonDocument();
            order.Property(o => o.Currency).HasMaxLength(3);
            order.Ignore(o => o.Placed);
            order.Ignore(o => o.Status);
        });
        modelBuilder.Entity<Ticket>(ticket =>
        {
            ticket.ToTable("tickets");
            ticket.HasKey(t => t.Id);
            ticket.Property(t => t.Sequence).UseIdentityAlwaysColumn();
            ticket.HasIndex(t => t.Sequence).IsUnique();
            ticket.Property(t => t.Number).HasMaxLength(32)
                .HasComputedColumnSql("""'T-' || CASE WHEN "Sequence" < 1000000 THEN lpad("Sequence"::text, 6, '0') ELSE "Sequence"::text END""", stored: true);
            ticket.HasIndex(t => t.Number).IsUnique();
            ticket.HasIndex(t => new { t.CustomerId, t.Status });
            ticket.HasIndex(t => new { t.Status, t.Sequence });
            ticket.Property(t => t.Status).HasMaxLength(16);
            ticket.Property(t => t.Category).HasMaxLength(16);
            ticket.Property(t => t.Priority).HasMaxLength(16);
            ticket.Property(t => t.OpenedBy).HasMaxLength(32);
            ticket.Property(t => t.Assignee).HasMaxLength(128);
            ticket.Ignore(t => t.Breached);
        });
        modelBuilder.Entity<TicketMessage>(message =>
        {
            message.ToTable("ticket_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).UseIdentityAlwaysColumn();
            message.HasIndex(m => new { m.TicketId, m.Id });
            message.Property(m => m.From).HasMaxLength(16);
        });
        modelBuilder.Entity<Survey>(survey =>
        {
            survey.ToTable("surveys");
            survey.HasKey(s => s.Token);
            survey.Property(s => s.Token).HasMaxLength(32);
            survey.HasIndex(s => new { s.CustomerId, s.IssuedAt });
            survey.HasIndex(s => s.IssuedAt);
            survey.HasIndex(s => new { s.OrderId, s.Kind }).IsUnique().HasFilter("\"Trigger\" = 'delivery' AND \"Kind\" = 'csat'");
            survey.HasIndex(s => s.TicketId).IsUnique().HasFilter("\"Trigger\" = 'ticket'");
            survey.Property(s => s.Kind).HasMaxLength(8);
            survey.Property(s => s.Trigger).HasMaxLength(16);
            survey.Property(s => s.Quarter).HasMaxLength(8);
            survey.Property(s => s.Channel).HasMaxLength(64);
        });
        modelBuilder.Entity<LoyaltyProgram>(program =>
        {
            program.ToTable("loyalty_program");
            program.HasKey(p => p.Id);
            program.Property(p => p.Id).ValueGeneratedNever();
            program.Property(p => p.Tiers).IsJsonDocument();
        });
        modelBuilder.Entity<LoyaltyEntry>(entry =>
        {
            entry.ToTable("loyalty_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).UseIdentityAlwaysColumn();
            entry.HasIndex(e => new { e.Kind, e.Reference }).IsUnique();
            entry.HasIndex(e => new { e.CustomerId, e.Id });
            entry.HasIndex(e => e.ExpiresAt).HasFilter("\"Remaining\" > 0");
            entry.Property(e => e.Kind).HasMaxLength(16);
            entry.Property(e => e.Reference).HasMaxLength(128);
        });
        modelBuilder.Entity<ReturnRequest>(request =>
        {
            request.ToTable("returns");
            request.HasKey(r => r.Id);
            request.Property(r => r.Sequence).UseIdentityAlwaysColumn();
            request.HasIndex(r => r.Sequence).IsUnique();
            request.Property(r => r.Number).HasMaxLength(32)
                .HasComputedColumnSql("""'RMA-' || CASE WHEN "Sequence" < 1000000 THEN lpad("Sequence"::text, 6, '0') ELSE "Sequence"::text END""", stored: true);
            request.HasIndex(r => r.Number).IsUnique();
            request.HasIndex(r => r.OrderId);
            request.HasIndex(r => r.CustomerId);
            request.Property(r => r.Lines).IsJsonDocument();
            request.Property(r => r.Receipts).IsJsonDocument();
            request.Property(r => r.Status).HasMaxLength(16);
            request.Property(r => r.Resolution).HasMaxLength(16);
            request.Ignore(r => r.FullyReceived);
        });
        modelBuilder.Entity<KnownWarehouse>(warehouse =>
        {
            warehouse.ToTable("warehouses");
            warehouse.HasKey(w => w.Code);
            warehouse.Property(w => w.Code).HasMaxLength(32);
        });
    }
}
