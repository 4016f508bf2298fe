using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;

namespace OmniRetail.BuildingBlocks.Messaging;

public static class ReliableMessagingModel
{
    public const string OutboxTable = "outbox_messages";
    public const string InboxTable = "inbox_entries";
    private const string Pending = "\"DeliveredAt\" IS NULL AND \"DeadAt\" IS NULL";

    public static ModelBuilder AddReliableMessaging(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable, table => table.ExcludeFromMigrations());
            outbox.HasKey(message => message.SequenceNumber);
            outbox.Property(message => message.SequenceNumber).UseIdentityAlwaysColumn();
            outbox.HasIndex(message => message.MessageId).IsUnique();
            // Ciphertext (IMessageBodyProtector), not JSON: events carry customers' personal data.
            outbox.Property(message => message.Body).HasColumnType("text");
            outbox.Property(message => message.MessageType).HasMaxLength(512);
            outbox.Property(message => message.PartitionKey).HasMaxLength(128);
            // The relay's two questions, each answered from a small partial index of pending rows.
            outbox.HasIndex(message => message.DueAt).HasFilter(Pending).HasDatabaseName("ix_outbox_pending_due");
            outbox.HasIndex(message => new { message.PartitionKey, message.SequenceNumber }).HasFilter(Pending).HasDatabaseName("ix_outbox_pending_partition");
            outbox.HasIndex(message => message.DeliveredAt).HasFilter("\"DeliveredAt\" IS NOT NULL").HasDatabaseName("ix_outbox_delivered");
        });

        modelBuilder.Entity<InboxEntry>(inbox =>
        {
            inbox.ToTable(InboxTable, table => table.ExcludeFromMigrations());
            inbox.HasKey(entry => new { entry.Consumer, entry.MessageId });
            inbox.Property(entry => entry.Consumer).HasMaxLength(256);
            inbox.HasIndex(entry => entry.ProcessedAt);
        });
        return modelBuilder;
    }
}
