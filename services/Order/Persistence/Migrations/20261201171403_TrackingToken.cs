using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.Order.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrackingToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TrackingLookup",
                table: "orders",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_orders_TrackingLookup",
                table: "orders",
                column: "TrackingLookup",
                unique: true,
                filter: "\"TrackingLookup\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_orders_TrackingLookup",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "TrackingLookup",
                table: "orders");
        }
    }
}
