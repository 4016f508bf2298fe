using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.ChannelConnector.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PushToChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "push_sequence");

            migrationBuilder.CreateTable(
                name: "channel_pushes",
                columns: table => new
                {
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    StockValue = table.Column<int>(type: "integer", nullable: false),
                    StockSequence = table.Column<long>(type: "bigint", nullable: false),
                    StockSettledSequence = table.Column<long>(type: "bigint", nullable: false),
                    PushedStock = table.Column<int>(type: "integer", nullable: true),
                    PushedStockAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PriceValue = table.Column<decimal>(type: "numeric", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PriceSequence = table.Column<long>(type: "bigint", nullable: false),
                    PriceSettledSequence = table.Column<long>(type: "bigint", nullable: false),
                    PushedPrice = table.Column<decimal>(type: "numeric", nullable: true),
                    PushedPriceAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Due = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    FailedRounds = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_pushes", x => new { x.ChannelCode, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "list_prices",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Price = table.Column<decimal>(type: "numeric", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Discontinued = table.Column<bool>(type: "boolean", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_list_prices", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "sync_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChannelCode = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_log", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_channel_pushes_ChannelCode_Due",
                table: "channel_pushes",
                columns: new[] { "ChannelCode", "Due" },
                filter: "\"StockSequence\" > \"StockSettledSequence\" OR (\"PriceValue\" IS NOT NULL AND \"PriceSequence\" > \"PriceSettledSequence\")");

            migrationBuilder.CreateIndex(
                name: "IX_sync_log_At",
                table: "sync_log",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_sync_log_ChannelCode_Id",
                table: "sync_log",
                columns: new[] { "ChannelCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_sync_log_ChannelCode_Sku_Id",
                table: "sync_log",
                columns: new[] { "ChannelCode", "Sku", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_pushes");

            migrationBuilder.DropTable(
                name: "list_prices");

            migrationBuilder.DropTable(
                name: "sync_log");

            migrationBuilder.DropSequence(
                name: "push_sequence");
        }
    }
}
