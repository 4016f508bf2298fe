using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ListingsAndExposure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_exposure",
                columns: table => new
                {
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Rule = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_exposure", x => x.ChannelCode);
                });

            migrationBuilder.CreateTable(
                name: "listings",
                columns: table => new
                {
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Listed = table.Column<bool>(type: "boolean", nullable: false),
                    Price = table.Column<decimal>(type: "numeric", nullable: true),
                    ExternalProductId = table.Column<string>(type: "text", nullable: true),
                    ExternalVariantId = table.Column<string>(type: "text", nullable: true),
                    ExternalInventoryItemId = table.Column<string>(type: "text", nullable: true),
                    ExternalLocationId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_listings", x => new { x.ChannelCode, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "sku_exposure",
                columns: table => new
                {
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Override = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sku_exposure", x => new { x.ChannelCode, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "warehouse_availability",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Warehouse = table.Column<string>(type: "text", nullable: false),
                    Available = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warehouse_availability", x => new { x.Sku, x.Warehouse });
                });

            migrationBuilder.CreateIndex(
                name: "IX_listings_Sku",
                table: "listings",
                column: "Sku");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_exposure");

            migrationBuilder.DropTable(
                name: "listings");

            migrationBuilder.DropTable(
                name: "sku_exposure");

            migrationBuilder.DropTable(
                name: "warehouse_availability");
        }
    }
}
