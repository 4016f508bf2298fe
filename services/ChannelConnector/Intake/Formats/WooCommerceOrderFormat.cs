using System.Text.Json;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake.Formats;

/// <summary>WooCommerce's REST v3 order, as its order.* webhooks deliver it.</summary>
public static class WooCommerceOrderFormat
{
    public static ChannelOrder? Read(byte[] body, InputErrors errors)
    {
        if (PayloadReader.Parse(body, errors) is not { } root)
        {
            return null;
        }

        var reader = new PayloadReader(errors);
        var billing = PayloadReader.Child(root, "billing");
        var shipping = PayloadReader.Child(root, "shipping");
        var lines = reader.Items(root, "line_items", "line_items").Select(line =>
        {
            var quantity = reader.Quantity(line.Item, "quantity", $"{line.Path}.quantity");
            // "price" is rounded for display; the line subtotal divided by quantity is the exact unit price.
            var subtotal = reader.Money(line.Item, "subtotal", $"{line.Path}.subtotal", required: false);
            return new SubmittedLine
            {
                Sku = reader.RequiredText(line.Item, "sku", $"{line.Path}.sku", 64).ToUpperInvariant(),
                Quantity = quantity,
                UnitPrice = subtotal > 0 && quantity > 0 ? subtotal / quantity : reader.Money(line.Item, "price", $"{line.Path}.price"),
            };
        }).ToList();
        var placedAt = PayloadReader.Text(root, "date_created_gmt") is not null
            ? reader.Timestamp(root, "date_created_gmt", "date_created_gmt", assumeUtc: true)
            : reader.Timestamp(root, "date_created", "date_created");
        var order = new ChannelOrder(
            reader.RequiredText(root, "id", "id", 128),
            placedAt,
            reader.Currency(root, "currency", "currency"),
            new SubmittedCustomer
            {
                // 0 is WooCommerce's guest checkout: no account to link.
                ChannelCustomerId = PayloadReader.Text(root, "customer_id") is { } id and not "0" ? id : null,
                Email = billing is { } b ? PayloadReader.Text(b, "email") : null,
                Name = billing is { } n ? PayloadReader.JoinName(PayloadReader.Text(n, "first_name"), PayloadReader.Text(n, "last_name")) : null,
                Phone = billing is { } p ? PayloadReader.Text(p, "phone") : null,
            },
            shipping is { } shipTo ? ReadAddress(shipTo) : null,
            lines,
            reader.Money(root, "discount_total", "discount_total", required: false),
            reader.Money(root, "shipping_total", "shipping_total", required: false),
            reader.Money(root, "total_tax", "total_tax", required: false),
            reader.Money(root, "total", "total"),
            PaymentStatus(root),
            Cancelled: PayloadReader.Text(root, "status") is "cancelled" or "refunded" or "failed");
        return errors.Any ? null : order;
    }

    private static string PaymentStatus(JsonElement root) =>
        PayloadReader.Text(root, "payment_method") == "cod" ? "cod"
        : PayloadReader.Text(root, "date_paid") is not null || PayloadReader.Text(root, "status") is "processing" or "completed" ? "paid"
        : "pending";

    private static SubmittedAddress ReadAddress(JsonElement address) => new()
    {
        Name = PayloadReader.JoinName(PayloadReader.Text(address, "first_name"), PayloadReader.Text(address, "last_name")),
        Line1 = PayloadReader.Text(address, "address_1"),
        Line2 = PayloadReader.Text(address, "address_2"),
        City = PayloadReader.Text(address, "city"),
        Region = PayloadReader.Text(address, "state"),
        PostalCode = PayloadReader.Text(address, "postcode"),
        Country = PayloadReader.Text(address, "country")?.ToUpperInvariant(),
    };
}
