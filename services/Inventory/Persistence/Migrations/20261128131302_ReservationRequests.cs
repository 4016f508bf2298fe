using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.Inventory.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReservationRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Request",
                table: "reservations",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Request",
                table: "reservations");
        }
    }
}
