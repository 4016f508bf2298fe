using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OrderUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "sync_log",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(8)",
                oldMaxLength: 8);

            migrationBuilder.AddColumn<string>(
                name: "OrderExternalId",
                table: "sync_log",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "order_shipments",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Carrier = table.Column<string>(type: "text", nullable: true),
                    TrackingNumber = table.Column<string>(type: "text", nullable: true),
                    TrackingUrl = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_shipments", x => new { x.OrderId, x.ShipmentId });
                });

            migrationBuilder.CreateTable(
                name: "order_updates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExternalId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Carrier = table.Column<string>(type: "text", nullable: true),
                    CarrierName = table.Column<string>(type: "text", nullable: true),
                    TrackingNumber = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    TrackingUrl = table.Column<string>(type: "text", nullable: true),
                    Lines = table.Column<string>(type: "jsonb", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Due = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    FailedRounds = table.Column<int>(type: "integer", nullable: false),
                    SettledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChannelReference = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_updates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sync_log_ChannelCode_OrderExternalId_Id",
                table: "sync_log",
                columns: new[] { "ChannelCode", "OrderExternalId", "Id" },
                filter: "\"OrderExternalId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_order_updates_ChannelCode_Id",
                table: "order_updates",
                columns: new[] { "ChannelCode", "Id" },
                filter: "\"SettledAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_order_updates_OrderId_ShipmentId_Kind_TrackingNumber",
                table: "order_updates",
                columns: new[] { "OrderId", "ShipmentId", "Kind", "TrackingNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_shipments");

            migrationBuilder.DropTable(
                name: "order_updates");

            migrationBuilder.DropIndex(
                name: "IX_sync_log_ChannelCode_OrderExternalId_Id",
                table: "sync_log");

            migrationBuilder.DropColumn(
                name: "OrderExternalId",
                table: "sync_log");

            migrationBuilder.AlterColumn<string>(
                name: "Kind",
                table: "sync_log",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);
        }
    }
}
