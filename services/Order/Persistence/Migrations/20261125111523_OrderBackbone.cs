using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.Order.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrderBackbone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "invoice_counters",
                columns: table => new
                {
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Last = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invoice_counters", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "known_products",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_products", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "order_timeline",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Cause = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_timeline", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    ExternalId = table.Column<string>(type: "text", nullable: false),
                    CustomerEmail = table.Column<string>(type: "text", nullable: true),
                    Total = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    PaymentStatus = table.Column<string>(type: "text", nullable: false),
                    ExceptionReason = table.Column<string>(type: "text", nullable: true),
                    ExceptionSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PaymentDeadlineToken = table.Column<Guid>(type: "uuid", nullable: true),
                    Submitted = table.Column<string>(type: "jsonb", nullable: false),
                    Allocations = table.Column<string>(type: "jsonb", nullable: false),
                    Shipments = table.Column<string>(type: "jsonb", nullable: false),
                    Invoice = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders", x => x.OrderId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_order_timeline_OrderId",
                table: "order_timeline",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_orders_ChannelCode_ExternalId",
                table: "orders",
                columns: new[] { "ChannelCode", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_orders_CurrentState",
                table: "orders",
                column: "CurrentState");

            migrationBuilder.CreateIndex(
                name: "IX_orders_CustomerEmail_ReceivedAt",
                table: "orders",
                columns: new[] { "CustomerEmail", "ReceivedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_counters");

            migrationBuilder.DropTable(
                name: "known_products");

            migrationBuilder.DropTable(
                name: "order_timeline");

            migrationBuilder.DropTable(
                name: "orders");
        }
    }
}
