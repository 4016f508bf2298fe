using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChannelTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Ownership",
                table: "channels",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Presence",
                table: "channels",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Channels registered before: a store is offline, everything else online; all are the retailer's own.
            migrationBuilder.Sql("""UPDATE channels SET "Presence" = CASE WHEN "Kind" = 'store' THEN 'offline' ELSE 'online' END, "Ownership" = 'direct'""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Ownership",
                table: "channels");

            migrationBuilder.DropColumn(
                name: "Presence",
                table: "channels");
        }
    }
}
