using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.Customer.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AfterSales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consent_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Marketing = table.Column<bool>(type: "boolean", nullable: false),
                    Source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consent_changes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_identifiers",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Lookup = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_identifiers", x => new { x.Kind, x.Lookup });
                });

            migrationBuilder.CreateTable(
                name: "customer_orders",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    ChannelKind = table.Column<string>(type: "text", nullable: false),
                    ExternalId = table.Column<string>(type: "text", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    NetAmount = table.Column<decimal>(type: "numeric", nullable: false),
                    Total = table.Column<decimal>(type: "numeric", nullable: false),
                    Lines = table.Column<string>(type: "jsonb", nullable: false),
                    Shipped = table.Column<string>(type: "jsonb", nullable: false),
                    ShippedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveryFailedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveryFailure = table.Column<string>(type: "text", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefundedAmount = table.Column<decimal>(type: "numeric", nullable: false),
                    ReplacesOrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    PointsEarned = table.Column<bool>(type: "boolean", nullable: false),
                    SurveyScheduled = table.Column<bool>(type: "boolean", nullable: false),
                    DeliveryTicketOpened = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_orders", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MergedInto = table.Column<Guid>(type: "uuid", nullable: true),
                    MergedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ErasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    WrappedKey = table.Column<string>(type: "text", nullable: true),
                    SealedDetails = table.Column<string>(type: "text", nullable: true),
                    RecencyDays = table.Column<int>(type: "integer", nullable: true),
                    Frequency = table.Column<int>(type: "integer", nullable: false),
                    Monetary = table.Column<decimal>(type: "numeric", nullable: false),
                    RecencyScore = table.Column<int>(type: "integer", nullable: true),
                    FrequencyScore = table.Column<int>(type: "integer", nullable: true),
                    MonetaryScore = table.Column<int>(type: "integer", nullable: true),
                    Segment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LoyaltyBalance = table.Column<long>(type: "bigint", nullable: false),
                    QualifyingPoints = table.Column<long>(type: "bigint", nullable: false),
                    LoyaltyTier = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false),
                    Reference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Remaining = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loyalty_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "loyalty_program",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    PointsPerUnit = table.Column<decimal>(type: "numeric", nullable: false),
                    Tiers = table.Column<string>(type: "jsonb", nullable: false),
                    ExpiryMonths = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_loyalty_program", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "returns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, computedColumnSql: "'RMA-' || CASE WHEN \"Sequence\" < 1000000 THEN lpad(\"Sequence\"::text, 6, '0') ELSE \"Sequence\"::text END", stored: true),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Resolution = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Lines = table.Column<string>(type: "jsonb", nullable: false),
                    Receipts = table.Column<string>(type: "jsonb", nullable: false),
                    AuthorisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OverrideReason = table.Column<string>(type: "text", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefundAmount = table.Column<decimal>(type: "numeric", nullable: true),
                    RefundedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExchangeOrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    ExchangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_returns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    Token = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: true),
                    Channel = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Quarter = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: true),
                    SealedComment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => x.Token);
                });

            migrationBuilder.CreateTable(
                name: "ticket_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SealedBody = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ticket_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, computedColumnSql: "'T-' || CASE WHEN \"Sequence\" < 1000000 THEN lpad(\"Sequence\"::text, 6, '0') ELSE \"Sequence\"::text END", stored: true),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    Channel = table.Column<string>(type: "text", nullable: true),
                    Category = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SealedSubject = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Assignee = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstResponseAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClockStoppedSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FirstResponseDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolutionDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstResponseBreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolutionBreachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "warehouses",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warehouses", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_consent_changes_CustomerId_Channel_At",
                table: "consent_changes",
                columns: new[] { "CustomerId", "Channel", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_customer_identifiers_CustomerId",
                table: "customer_identifiers",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_customer_orders_CustomerId_PlacedAt",
                table: "customer_orders",
                columns: new[] { "CustomerId", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_Segment",
                table: "customers",
                column: "Segment");

            migrationBuilder.CreateIndex(
                name: "IX_loyalty_entries_CustomerId_Id",
                table: "loyalty_entries",
                columns: new[] { "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_loyalty_entries_ExpiresAt",
                table: "loyalty_entries",
                column: "ExpiresAt",
                filter: "\"Remaining\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_loyalty_entries_Kind_Reference",
                table: "loyalty_entries",
                columns: new[] { "Kind", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_returns_CustomerId",
                table: "returns",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_returns_Number",
                table: "returns",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_returns_OrderId",
                table: "returns",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_returns_Sequence",
                table: "returns",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_CustomerId_IssuedAt",
                table: "surveys",
                columns: new[] { "CustomerId", "IssuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_IssuedAt",
                table: "surveys",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_surveys_OrderId_Kind",
                table: "surveys",
                columns: new[] { "OrderId", "Kind" },
                unique: true,
                filter: "\"Trigger\" = 'delivery' AND \"Kind\" = 'csat'");

            migrationBuilder.CreateIndex(
                name: "IX_surveys_TicketId",
                table: "surveys",
                column: "TicketId",
                unique: true,
                filter: "\"Trigger\" = 'ticket'");

            migrationBuilder.CreateIndex(
                name: "IX_ticket_messages_TicketId_Id",
                table: "ticket_messages",
                columns: new[] { "TicketId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_tickets_CustomerId_Status",
                table: "tickets",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_tickets_Number",
                table: "tickets",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tickets_Sequence",
                table: "tickets",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tickets_Status_Sequence",
                table: "tickets",
                columns: new[] { "Status", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consent_changes");

            migrationBuilder.DropTable(
                name: "customer_identifiers");

            migrationBuilder.DropTable(
                name: "customer_orders");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "loyalty_entries");

            migrationBuilder.DropTable(
                name: "loyalty_program");

            migrationBuilder.DropTable(
                name: "returns");

            migrationBuilder.DropTable(
                name: "surveys");

            migrationBuilder.DropTable(
                name: "ticket_messages");

            migrationBuilder.DropTable(
                name: "tickets");

            migrationBuilder.DropTable(
                name: "warehouses");
        }
    }
}
