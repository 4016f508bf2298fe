using System.Text.Json;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake.Formats;

/// <summary>Shopify's REST Order resource, as its orders/* webhooks deliver it.</summary>
public static class ShopifyOrderFormat
{
    public static ChannelOrder? Read(byte[] body, InputErrors errors)
    {
        if (PayloadReader.Parse(body, errors) is not { } root)
        {
            return null;
        }

        var reader = new PayloadReader(errors);
        var customer = PayloadReader.Child(root, "customer");
        var address = PayloadReader.Child(root, "shipping_address");
        var lines = reader.Items(root, "line_items", "line_items").Select(line => new SubmittedLine
        {
            Sku = reader.RequiredText(line.Item, "sku", $"{line.Path}.sku", 64).ToUpperInvariant(),
            Quantity = reader.Quantity(line.Item, "quantity", $"{line.Path}.quantity"),
            UnitPrice = reader.Money(line.Item, "price", $"{line.Path}.price"),
        }).ToList();
        // total_shipping_price_set is not reliable across API versions; the shipping lines are what was charged.
        var shipping = PayloadReader.Child(root, "shipping_lines") is { ValueKind: JsonValueKind.Array } shippingLines
            ? shippingLines.EnumerateArray().Select((line, i) => reader.Money(line, "price", $"shipping_lines[{i}].price", required: false)).Sum()
            : 0;
        var order = new ChannelOrder(
            reader.RequiredText(root, "id", "id", 128),
            reader.Timestamp(root, "created_at", "created_at"),
            reader.Currency(root, "currency", "currency"),
            new SubmittedCustomer
            {
                ChannelCustomerId = customer is { } id ? PayloadReader.Text(id, "id") : null,
                Email = PayloadReader.Text(root, "email") ?? PayloadReader.Text(root, "contact_email") ?? (customer is { } c ? PayloadReader.Text(c, "email") : null),
                Name = customer is { } n ? PayloadReader.JoinName(PayloadReader.Text(n, "first_name"), PayloadReader.Text(n, "last_name")) : null,
                Phone = PayloadReader.Text(root, "phone") ?? (address is { } a ? PayloadReader.Text(a, "phone") : null),
            },
            address is { } shipTo ? ReadAddress(shipTo) : null,
            lines,
            reader.Money(root, "total_discounts", "total_discounts", required: false),
            shipping,
            reader.Money(root, "total_tax", "total_tax", required: false),
            reader.Money(root, "total_price", "total_price"),
            PaymentStatus(root),
            Cancelled: PayloadReader.Text(root, "cancelled_at") is not null || PayloadReader.Text(root, "financial_status") is "refunded" or "voided");
        return errors.Any ? null : order;
    }

    private static string PaymentStatus(JsonElement root)
    {
        var gateways = PayloadReader.Child(root, "payment_gateway_names") is { ValueKind: JsonValueKind.Array } names
            ? names.EnumerateArray().Select(name => name.GetString() ?? "").ToList()
            : [];
        if (gateways.Any(gateway => gateway.Contains("cash on delivery", StringComparison.OrdinalIgnoreCase)
            || gateway.Contains("cash_on_delivery", StringComparison.OrdinalIgnoreCase) || gateway.Equals("cod", StringComparison.OrdinalIgnoreCase)))
        {
            return Contracts.Orders.PaymentStatus.CashOnDelivery;
        }

        return PayloadReader.Text(root, "financial_status") is "paid" ? Contracts.Orders.PaymentStatus.Paid : Contracts.Orders.PaymentStatus.Pending;
    }

    private static SubmittedAddress ReadAddress(JsonElement address) => new()
    {
        Name = PayloadReader.Text(address, "name")
            ?? PayloadReader.JoinName(PayloadReader.Text(address, "first_name"), PayloadReader.Text(address, "last_name")),
        Line1 = PayloadReader.Text(address, "address1"),
        Line2 = PayloadReader.Text(address, "address2"),
        City = PayloadReader.Text(address, "city"),
        Region = PayloadReader.Text(address, "province_code") ?? PayloadReader.Text(address, "province"),
        PostalCode = PayloadReader.Text(address, "zip"),
        Country = PayloadReader.Text(address, "country_code")?.ToUpperInvariant(),
    };
}
