using Microsoft.EntityFrameworkCore;

namespace OmniRetail.BuildingBlocks.Messaging.Schema;

/// <summary>
/// The library's own tables (<see cref="ReliableMessagingModel.OutboxTable"/>, <see cref="ReliableMessagingModel.InboxTable"/>)
/// and their one migration history, applied by the library into every database that uses it. Hosts map the tables in
/// their own model (so messages commit with their changes) but exclude them from their own migrations. Each step is
/// idempotent, so a database whose tables an earlier version created through the host's migrations is adopted as it is.
/// </summary>
public static class MessagingSchema
{
    public const string HistoryTable = "messaging_schema_history";

    /// <summary>Append only: a change to the library's tables is a new step, never an edit of an applied one.</summary>
    public static readonly IReadOnlyList<(int Version, string Name, string Sql)> Steps =
    [
        (1, "outbox and inbox", $$"""
            CREATE TABLE IF NOT EXISTS {{ReliableMessagingModel.InboxTable}} (
                "Consumer" character varying(256) NOT NULL,
                "MessageId" uuid NOT NULL,
                "ProcessedAt" timestamp with time zone NOT NULL,
                CONSTRAINT "PK_inbox_entries" PRIMARY KEY ("Consumer", "MessageId"));
            CREATE INDEX IF NOT EXISTS "IX_inbox_entries_ProcessedAt" ON {{ReliableMessagingModel.InboxTable}} ("ProcessedAt");
            CREATE TABLE IF NOT EXISTS {{ReliableMessagingModel.OutboxTable}} (
                "SequenceNumber" bigint GENERATED ALWAYS AS IDENTITY,
                "MessageId" uuid NOT NULL,
                "MessageType" character varying(512) NOT NULL,
                "Body" text NOT NULL,
                "DestinationAddress" text NULL,
                "PartitionKey" character varying(128) NULL,
                "CorrelationId" uuid NULL,
                "TraceParent" text NULL,
                "CreatedAt" timestamp with time zone NOT NULL,
                "DueAt" timestamp with time zone NOT NULL,
                "Attempts" integer NOT NULL,
                "LastError" text NULL,
                "DeliveredAt" timestamp with time zone NULL,
                "DeadAt" timestamp with time zone NULL,
                CONSTRAINT "PK_outbox_messages" PRIMARY KEY ("SequenceNumber"));
            CREATE UNIQUE INDEX IF NOT EXISTS "IX_outbox_messages_MessageId" ON {{ReliableMessagingModel.OutboxTable}} ("MessageId");
            CREATE INDEX IF NOT EXISTS ix_outbox_delivered ON {{ReliableMessagingModel.OutboxTable}} ("DeliveredAt") WHERE "DeliveredAt" IS NOT NULL;
            CREATE INDEX IF NOT EXISTS ix_outbox_pending_due ON {{ReliableMessagingModel.OutboxTable}} ("DueAt") WHERE "DeliveredAt" IS NULL AND "DeadAt" IS NULL;
            CREATE INDEX IF NOT EXISTS ix_outbox_pending_partition ON {{ReliableMessagingModel.OutboxTable}} ("PartitionKey", "SequenceNumber")
                WHERE "DeliveredAt" IS NULL AND "DeadAt" IS NULL;
            -- Bodies are ciphertext, not JSON (databases created before bodies were encrypted held jsonb).
            ALTER TABLE {{ReliableMessagingModel.OutboxTable}} ALTER COLUMN "Body" TYPE text;
            """),
        (2, "outbox headers, for redelivered messages", $$"""
            ALTER TABLE {{ReliableMessagingModel.OutboxTable}} ADD COLUMN IF NOT EXISTS "Headers" text NULL;
            """),
    ];

    /// <summary>Applies the steps this database has not had yet, in order, one process at a time; returns how many.</summary>
    public static Task<int> ApplyAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"""
                SELECT pg_advisory_xact_lock(hashtext('{HistoryTable}'));
                CREATE TABLE IF NOT EXISTS {HistoryTable} ("Version" integer PRIMARY KEY, "Name" text NOT NULL, "AppliedAt" timestamp with time zone NOT NULL DEFAULT now());
                """, cancellationToken);
            var applied = await db.Database.SqlQueryRaw<int>($"""SELECT "Version" AS "Value" FROM {HistoryTable}""").ToListAsync(cancellationToken);
            var pending = Steps.Where(step => !applied.Contains(step.Version)).OrderBy(step => step.Version).ToList();
            foreach (var (version, name, sql) in pending)
            {
                await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
                await db.Database.ExecuteSqlAsync($"""INSERT INTO messaging_schema_history ("Version", "Name") VALUES ({version}, {name})""", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return pending.Count;
        });
}
