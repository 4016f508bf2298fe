using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OutboundSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProtectedOutbound",
                table: "channels",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProtectedOutbound",
                table: "channels");
        }
    }
}
