using System.Text.Json;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake.Formats;

/// <summary>OmniRetail's own order JSON, for the web shop, the mobile app, distributors and store tills. Strict: it is ours.</summary>
public static class GenericOrderFormat
{
    public static readonly IReadOnlyList<string> PaymentStatuses = ["paid", "pending", "cod"];

    public static ChannelOrder? Read(byte[] body, InputErrors errors)
    {
        if (PayloadReader.Parse(body, errors) is not { } root)
        {
            return null;
        }

        var reader = new PayloadReader(errors);
        var customer = PayloadReader.Child(root, "customer");
        if (customer is null)
        {
            errors.Add("customer", "is required");
        }

        var address = PayloadReader.Child(root, "shippingAddress");
        var payment = PayloadReader.Child(root, "payment");
        var status = payment is { } p ? PayloadReader.Text(p, "status") : null;
        if (payment is null)
        {
            errors.Add("payment", "is required");
        }
        else if (status is null || !PaymentStatuses.Contains(status))
        {
            errors.Add("payment.status", "must be one of paid, pending, cod");
        }

        var lines = reader.Items(root, "lines", "lines").Select(line => new SubmittedLine
        {
            Sku = reader.RequiredText(line.Item, "sku", $"{line.Path}.sku", 64).ToUpperInvariant(),
            Quantity = reader.Quantity(line.Item, "quantity", $"{line.Path}.quantity"),
            UnitPrice = reader.Money(line.Item, "unitPrice", $"{line.Path}.unitPrice"),
        }).ToList();
        var order = new ChannelOrder(
            reader.RequiredText(root, "externalId", "externalId", 128),
            reader.Timestamp(root, "placedAt", "placedAt"),
            reader.Currency(root, "currency", "currency"),
            new SubmittedCustomer
            {
                ChannelCustomerId = customer is { } id ? PayloadReader.Text(id, "id") : null,
                Email = customer is { } c ? PayloadReader.Text(c, "email") : null,
                Name = customer is { } n ? PayloadReader.Text(n, "name") : null,
                Phone = customer is { } ph ? PayloadReader.Text(ph, "phone") : null,
            },
            address is { } a ? ReadAddress(a) : null,
            lines,
            Discount: 0, Shipping: 0, Tax: 0,
            Total: payment is { } pay ? reader.Money(pay, "amount", "payment.amount") : 0,
            PaymentStatus: status ?? "");
        return errors.Any ? null : order;
    }

    private static SubmittedAddress ReadAddress(JsonElement address) => new()
    {
        Name = PayloadReader.Text(address, "name"),
        Line1 = PayloadReader.Text(address, "line1"),
        Line2 = PayloadReader.Text(address, "line2"),
        City = PayloadReader.Text(address, "city"),
        Region = PayloadReader.Text(address, "region"),
        PostalCode = PayloadReader.Text(address, "postalCode"),
        Country = PayloadReader.Text(address, "country")?.ToUpperInvariant(),
    };
}
