using System.Text;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Intake.Formats;

namespace OmniRetail.ChannelConnector.Tests.Intake;

/// <summary>Each format passes on the channel's own id for the customer, so the Customer service can link it.</summary>
public sealed class CustomerIdTests
{
    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Shopify_gives_its_customer_id()
    {
        var order = ShopifyOrderFormat.Read(Json("""
            {"id": 5102938475610, "created_at": "2026-12-01T10:00:00+01:00", "currency": "EUR", "email": "erika@example.com", "total_price": "10.00",
             "customer": {"id": 820982911946154508, "email": "erika@example.com", "first_name": "Erika", "last_name": "Mustermann"},
             "line_items": [{"sku": "MUG", "quantity": 1, "price": "10.00"}]}
            """), new InputErrors());
        order!.Customer.ChannelCustomerId.ShouldBe("820982911946154508");
    }

    [Theory]
    [InlineData(42, "42")]
    [InlineData(0, null)] // a guest checkout
    public void WooCommerce_gives_its_customer_id_unless_a_guest_checked_out(int customerId, string? expected)
    {
        var order = WooCommerceOrderFormat.Read(Json($$"""
            {"id": 4321, "date_created_gmt": "2026-12-01T09:00:00", "currency": "USD", "total": "10.00", "customer_id": {{customerId}},
             "billing": {"email": "jane@example.com", "first_name": "Jane", "last_name": "Cooper"},
             "line_items": [{"sku": "MUG", "quantity": 1, "price": 10, "subtotal": "10.00"}]}
            """), new InputErrors());
        order!.Customer.ChannelCustomerId.ShouldBe(expected);
    }

    [Fact]
    public void The_generic_format_takes_customer_id()
    {
        var order = GenericOrderFormat.Read(Json("""
            {"externalId": "W-1", "placedAt": "2026-12-01T10:00:00Z", "currency": "EUR", "customer": {"id": "web-77", "email": "erika@example.com"},
             "lines": [{"sku": "MUG", "quantity": 1, "unitPrice": 10}], "payment": {"status": "paid", "amount": 10}}
            """), new InputErrors());
        order!.Customer.ChannelCustomerId.ShouldBe("web-77");
    }
}
