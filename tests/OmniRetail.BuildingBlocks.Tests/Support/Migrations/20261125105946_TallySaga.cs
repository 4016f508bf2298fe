using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.BuildingBlocks.Tests.Support.Migrations
{
    /// <inheritdoc />
    public partial class TallySaga : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tally_sagas",
                columns: table => new
                {
                    CorrelationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentState = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "text", nullable: true),
                    Label = table.Column<string>(type: "text", nullable: true),
                    DeadlineToken = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tally_sagas", x => x.CorrelationId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tally_sagas_Reference",
                table: "tally_sagas",
                column: "Reference");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tally_sagas");
        }
    }
}
