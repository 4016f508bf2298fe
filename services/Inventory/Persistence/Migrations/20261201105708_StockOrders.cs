using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.Inventory.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StockOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stock_orders",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    LatestRequest = table.Column<int>(type: "integer", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_orders", x => x.OrderId);
                });

            // Orders that hold stock or wait for it today were asked about before this table existed.
            migrationBuilder.Sql("""
                INSERT INTO stock_orders ("OrderId", "LatestRequest")
                SELECT "OrderId", MAX("Request") FROM reservations GROUP BY "OrderId"
                UNION
                SELECT "OrderId", COALESCE(("Request"->>'request')::int, 0) FROM backorders
                ON CONFLICT DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stock_orders");
        }
    }
}
