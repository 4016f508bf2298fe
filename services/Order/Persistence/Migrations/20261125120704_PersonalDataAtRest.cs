using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.Order.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataAtRest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The column held e-mail addresses in clear; it now holds keyed hashes, so the old values go.
            migrationBuilder.Sql("UPDATE orders SET \"CustomerEmail\" = NULL;");
            migrationBuilder.RenameColumn(
                name: "CustomerEmail",
                table: "orders",
                newName: "CustomerLookup");

            migrationBuilder.RenameIndex(
                name: "IX_orders_CustomerEmail_ReceivedAt",
                table: "orders",
                newName: "IX_orders_CustomerLookup_ReceivedAt");

            migrationBuilder.AlterColumn<string>(
                name: "Submitted",
                table: "orders",
                type: "text",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "CustomerLookup",
                table: "orders",
                newName: "CustomerEmail");

            migrationBuilder.RenameIndex(
                name: "IX_orders_CustomerLookup_ReceivedAt",
                table: "orders",
                newName: "IX_orders_CustomerEmail_ReceivedAt");

            migrationBuilder.AlterColumn<string>(
                name: "Submitted",
                table: "orders",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "text");
        }
    }
}
