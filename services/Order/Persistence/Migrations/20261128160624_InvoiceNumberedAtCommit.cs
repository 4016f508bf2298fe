using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OmniRetail.Order.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceNumberedAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Runs at commit, once per order whose invoice still has no number: takes the next number of the
            // invoice's year and writes it into the invoice, so the counter row is locked only for the commit.
            migrationBuilder.Sql("""
            CREATE FUNCTION number_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                invoice_year int := left(NEW."Invoice"->>'issuedAt', 4)::int;
                next_number int;
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM orders WHERE "OrderId" = NEW."OrderId" AND "Invoice" IS NOT NULL AND "Invoice"->>'number' IS NULL) THEN
                    RETURN NULL;
                END IF;
                INSERT INTO invoice_counters ("Year", "Last") VALUES (invoice_year, 1)
                ON CONFLICT ("Year") DO UPDATE SET "Last" = invoice_counters."Last" + 1
                RETURNING "Last" INTO next_number;
                UPDATE orders SET "Invoice" = jsonb_set("Invoice", '{number}', to_jsonb(invoice_year || '-' || lpad(next_number::text, 6, '0')))
                WHERE "OrderId" = NEW."OrderId";
                RETURN NULL;
            END $$;

            CREATE CONSTRAINT TRIGGER number_invoice AFTER INSERT OR UPDATE OF "Invoice" ON orders
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (NEW."Invoice" IS NOT NULL AND NEW."Invoice"->>'number' IS NULL)
            EXECUTE FUNCTION number_invoice();
            """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
            DROP TRIGGER number_invoice ON orders;
            DROP FUNCTION number_invoice();
            """);
        }
    }
}
