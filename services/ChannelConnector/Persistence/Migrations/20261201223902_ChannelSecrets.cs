using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChannelSecrets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_secrets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ChannelCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProtectedValue = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_secrets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_channel_secrets_ChannelCode",
                table: "channel_secrets",
                column: "ChannelCode");

            // Every channel's one secret becomes its first entry, before the column goes.
            migrationBuilder.Sql("""
                INSERT INTO channel_secrets ("Id", "ChannelCode", "ProtectedValue", "CreatedAt")
                SELECT gen_random_uuid(), "Code", "ProtectedSecret", "RegisteredAt" FROM channels
                """);
            migrationBuilder.DropColumn(
                name: "ProtectedSecret",
                table: "channels");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_secrets");

            migrationBuilder.AddColumn<string>(
                name: "ProtectedSecret",
                table: "channels",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
