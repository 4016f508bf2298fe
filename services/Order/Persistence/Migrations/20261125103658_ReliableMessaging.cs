using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.Order.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReliableMessaging : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_entries",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_entries", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    SequenceNumber = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Body = table.Column<string>(type: "jsonb", nullable: false),
                    DestinationAddress = table.Column<string>(type: "text", nullable: true),
                    PartitionKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: true),
                    TraceParent = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.SequenceNumber);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_entries_ProcessedAt",
                table: "inbox_entries",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_delivered",
                table: "outbox_messages",
                column: "DeliveredAt",
                filter: "\"DeliveredAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_pending_due",
                table: "outbox_messages",
                column: "DueAt",
                filter: "\"DeliveredAt\" IS NULL AND \"DeadAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_pending_partition",
                table: "outbox_messages",
                columns: new[] { "PartitionKey", "SequenceNumber" },
                filter: "\"DeliveredAt\" IS NULL AND \"DeadAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbox_entries");

            migrationBuilder.DropTable(
                name: "outbox_messages");
        }
    }
}
