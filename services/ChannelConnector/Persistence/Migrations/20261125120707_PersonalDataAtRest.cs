using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonalDataAtRest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "RawPayload",
                table: "order_intakes",
                newName: "ProtectedPayload");

            migrationBuilder.RenameColumn(
                name: "Secret",
                table: "channels",
                newName: "ProtectedSecret");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ProtectedPayload",
                table: "order_intakes",
                newName: "RawPayload");

            migrationBuilder.RenameColumn(
                name: "ProtectedSecret",
                table: "channels",
                newName: "Secret");
        }
    }
}
