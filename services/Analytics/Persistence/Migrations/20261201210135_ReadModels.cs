using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.Analytics.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "activity_facts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    SessionId = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_facts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "association_rules",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Antecedent = table.Column<string>(type: "text", nullable: false),
                    Consequent = table.Column<string>(type: "text", nullable: false),
                    Support = table.Column<double>(type: "double precision", nullable: false),
                    Confidence = table.Column<double>(type: "double precision", nullable: false),
                    Lift = table.Column<double>(type: "double precision", nullable: false),
                    Baskets = table.Column<int>(type: "integer", nullable: false),
                    MinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_association_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "channel_facts",
                columns: table => new
                {
                    Code = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Presence = table.Column<string>(type: "text", nullable: false),
                    Ownership = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_facts", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "order_facts",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: false),
                    ChannelKind = table.Column<string>(type: "text", nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    CustomerReference = table.Column<string>(type: "text", nullable: true),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    ShipToCountry = table.Column<string>(type: "text", nullable: true),
                    Lines = table.Column<string>(type: "jsonb", nullable: false),
                    NetAmount = table.Column<decimal>(type: "numeric", nullable: false),
                    Units = table.Column<int>(type: "integer", nullable: false),
                    ShippedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RefundedAmount = table.Column<decimal>(type: "numeric", nullable: false),
                    UnitsReturned = table.Column<int>(type: "integer", nullable: false),
                    Promotions = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_order_facts", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "product_facts",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Categories = table.Column<string[]>(type: "text[]", nullable: false),
                    ListPrice = table.Column<decimal>(type: "numeric", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_product_facts", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "promotion_facts",
                columns: table => new
                {
                    Code = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    StartsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Skus = table.Column<string[]>(type: "text[]", nullable: false),
                    Categories = table.Column<string[]>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_promotion_facts", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "stock_facts",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    OnHand = table.Column<int>(type: "integer", nullable: false),
                    Available = table.Column<int>(type: "integer", nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_facts", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "survey_facts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<string>(type: "text", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_facts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activity_facts_At_Channel",
                table: "activity_facts",
                columns: new[] { "At", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_activity_facts_Channel_SessionId_Type_Sku_At",
                table: "activity_facts",
                columns: new[] { "Channel", "SessionId", "Type", "Sku", "At" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_association_rules_Antecedent",
                table: "association_rules",
                column: "Antecedent");

            migrationBuilder.CreateIndex(
                name: "IX_order_facts_Channel_PlacedAt",
                table: "order_facts",
                columns: new[] { "Channel", "PlacedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_order_facts_CustomerId",
                table: "order_facts",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_order_facts_CustomerReference",
                table: "order_facts",
                column: "CustomerReference");

            migrationBuilder.CreateIndex(
                name: "IX_order_facts_PlacedAt",
                table: "order_facts",
                column: "PlacedAt");

            migrationBuilder.CreateIndex(
                name: "IX_survey_facts_AnsweredAt",
                table: "survey_facts",
                column: "AnsweredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_facts");

            migrationBuilder.DropTable(
                name: "association_rules");

            migrationBuilder.DropTable(
                name: "channel_facts");

            migrationBuilder.DropTable(
                name: "order_facts");

            migrationBuilder.DropTable(
                name: "product_facts");

            migrationBuilder.DropTable(
                name: "promotion_facts");

            migrationBuilder.DropTable(
                name: "stock_facts");

            migrationBuilder.DropTable(
                name: "survey_facts");
        }
    }
}
