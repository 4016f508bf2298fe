using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OmniRetail.Supply.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PurchasingAndPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "demand_lines",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_demand_lines", x => new { x.OrderId, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "demand_orders",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ChannelKind = table.Column<string>(type: "text", nullable: true),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    Shipped = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_demand_orders", x => x.OrderId);
                });

            migrationBuilder.CreateTable(
                name: "global_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_global_settings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "imported_demand",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Stockout = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_imported_demand", x => new { x.Sku, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "known_skus",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_skus", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "known_warehouses",
                columns: table => new
                {
                    Code = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_known_warehouses", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "purchase_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, computedColumnSql: "'PO-' || CASE WHEN \"Sequence\" < 1000000 THEN lpad(\"Sequence\"::text, 6, '0') ELSE \"Sequence\"::text END", stored: true),
                    SupplierCode = table.Column<string>(type: "text", nullable: false),
                    Warehouse = table.Column<string>(type: "text", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Origin = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpectedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FullyReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Lines = table.Column<string>(type: "jsonb", nullable: false),
                    Receipts = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_purchase_orders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sku_policies",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Abc = table.Column<string>(type: "text", nullable: false),
                    Xyz = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    View = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sku_policies", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "sku_positions",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    AsOf = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OnHand = table.Column<int>(type: "integer", nullable: false),
                    Reserved = table.Column<int>(type: "integer", nullable: false),
                    Available = table.Column<int>(type: "integer", nullable: false),
                    Backordered = table.Column<int>(type: "integer", nullable: false),
                    InTransit = table.Column<int>(type: "integer", nullable: false),
                    Warehouses = table.Column<string>(type: "jsonb", nullable: false),
                    OutOfStockSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sku_positions", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "sku_settings",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sku_settings", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "stock_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "text", nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: false),
                    ClearedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "stock_arrivals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Warehouse = table.Column<string>(type: "text", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stock_arrivals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "stockout_days",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stockout_days", x => new { x.Sku, x.Date });
                });

            migrationBuilder.CreateTable(
                name: "supplier_offers",
                columns: table => new
                {
                    SupplierCode = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    UnitCost = table.Column<decimal>(type: "numeric", nullable: false),
                    MinOrderQuantity = table.Column<int>(type: "integer", nullable: false),
                    PackSize = table.Column<int>(type: "integer", nullable: false),
                    Preferred = table.Column<bool>(type: "boolean", nullable: false),
                    PriceBreaks = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supplier_offers", x => new { x.SupplierCode, x.Sku });
                });

            migrationBuilder.CreateTable(
                name: "suppliers",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    LeadTimeDays = table.Column<double>(type: "double precision", nullable: false),
                    LeadTimeStdDevDays = table.Column<double>(type: "double precision", nullable: false),
                    OrderCost = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_suppliers", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "warehouse_shipments",
                columns: table => new
                {
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Warehouse = table.Column<string>(type: "text", nullable: false),
                    Sku = table.Column<string>(type: "text", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_warehouse_shipments", x => new { x.OrderId, x.Warehouse, x.Sku });
                });

            migrationBuilder.CreateIndex(
                name: "IX_demand_lines_Sku_Date",
                table: "demand_lines",
                columns: new[] { "Sku", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_purchase_orders_Number",
                table: "purchase_orders",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_purchase_orders_Sequence",
                table: "purchase_orders",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_purchase_orders_Status_SupplierCode",
                table: "purchase_orders",
                columns: new[] { "Status", "SupplierCode" });

            migrationBuilder.CreateIndex(
                name: "IX_sku_policies_Abc_Status",
                table: "sku_policies",
                columns: new[] { "Abc", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_stock_alerts_Sku_Kind",
                table: "stock_alerts",
                columns: new[] { "Sku", "Kind" },
                unique: true,
                filter: "\"ClearedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_stock_arrivals_Sku_ReceivedAt",
                table: "stock_arrivals",
                columns: new[] { "Sku", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_supplier_offers_Sku",
                table: "supplier_offers",
                column: "Sku");

            migrationBuilder.CreateIndex(
                name: "IX_warehouse_shipments_Sku_Date",
                table: "warehouse_shipments",
                columns: new[] { "Sku", "Date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "demand_lines");

            migrationBuilder.DropTable(
                name: "demand_orders");

            migrationBuilder.DropTable(
                name: "global_settings");

            migrationBuilder.DropTable(
                name: "imported_demand");

            migrationBuilder.DropTable(
                name: "known_skus");

            migrationBuilder.DropTable(
                name: "known_warehouses");

            migrationBuilder.DropTable(
                name: "purchase_orders");

            migrationBuilder.DropTable(
                name: "sku_policies");

            migrationBuilder.DropTable(
                name: "sku_positions");

            migrationBuilder.DropTable(
                name: "sku_settings");

            migrationBuilder.DropTable(
                name: "stock_alerts");

            migrationBuilder.DropTable(
                name: "stock_arrivals");

            migrationBuilder.DropTable(
                name: "stockout_days");

            migrationBuilder.DropTable(
                name: "supplier_offers");

            migrationBuilder.DropTable(
                name: "suppliers");

            migrationBuilder.DropTable(
                name: "warehouse_shipments");
        }
    }
}
