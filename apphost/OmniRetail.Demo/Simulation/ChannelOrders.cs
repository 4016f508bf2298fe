using System.Text.Json;
using OmniRetail.Demo.Seeding;

namespace OmniRetail.Demo.Simulation;

/// <summary>
/// Orders as each kind of channel really sends them (Shopify and WooCommerce webhooks carry their
/// usual fields, most of which OmniRetail ignores). A few are deliberately flawed, as in real life:
/// an incomplete address, a discontinued SKU or (web shop) a stale price puts the order on hold for staff.
/// </summary>
public sealed record GenericBasket(Customer Customer, IReadOnlyList<(string Sku, int Quantity, decimal UnitPrice)> Lines);

public sealed class ChannelOrders(Random random)
{
    public const string DiscontinuedSku = "DISCONTINUED-1";
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Share of orders with a flaw that puts them on hold (incomplete address or unknown SKU).</summary>
    public double FlawedShare { get; init; } = 0.02;

    /// <summary>A generic or store basket: its customer and lines at list price.</summary>
    public GenericBasket BasketFor(DemoChannel channel)
    {
        var (customer, lines, _) = Basket(channel);
        return new GenericBasket(customer, lines);
    }

    /// <summary>
    /// The order as the web shop, the app or the till sends it, at the prices given (the catalog's quote, when the
    /// simulator asked for one). Now and then a web shop charges a stale price, a unit off: the price check holds it.
    /// </summary>
    public string Generic(DemoChannel channel, string externalId, DateTimeOffset placedAt, GenericBasket basket)
    {
        var (customer, lines) = (basket.Customer, basket.Lines.ToList());
        var store = channel.Kind == "store";
        if (!store && lines[0].Sku != DiscontinuedSku && Flawed())
        {
            lines[0] = lines[0] with { UnitPrice = lines[0].UnitPrice - 1.00m };
        }

        var total = lines.Sum(line => line.Quantity * line.UnitPrice);
        return JsonSerializer.Serialize(new
        {
            externalId,
            placedAt,
            currency = DemoData.Currency,
            customer = store ? new { email = (string?)null, name = "Walk-in customer", phone = (string?)null }
                : new { email = (string?)customer.Email, name = customer.Name, phone = (string?)customer.Phone },
            shippingAddress = store ? null : new
            {
                name = customer.Name, line1 = customer.Line1, line2 = (string?)null, city = customer.City, region = customer.Region,
                postalCode = Flawed() ? "" : customer.PostalCode, country = customer.Country,
            },
            lines = lines.Select(line => new { sku = line.Sku, quantity = line.Quantity, unitPrice = line.UnitPrice }),
            payment = new { status = store ? "paid" : PaymentStatus(), amount = total },
        }, JsonSerializerOptions.Web);
    }

    public string Shopify(DemoChannel channel, long id, DateTimeOffset placedAt)
    {
        var (customer, lines, subtotal) = Basket(channel);
        const decimal shipping = 4.90m;
        var payment = PaymentStatus();
        var address = new
        {
            FirstName = customer.FirstName, LastName = customer.LastName, Address1 = customer.Line1, Address2 = (string?)null, customer.City,
            Zip = Flawed() ? null : customer.PostalCode, ProvinceCode = customer.Region, CountryCode = customer.Country, customer.Phone,
        };
        return JsonSerializer.Serialize(new
        {
            Id = id,
            AdminGraphqlApiId = $"gid://shopify/Order/{id}",
            Name = $"#{id % 100_000}",
            customer.Email,
            CreatedAt = placedAt,
            Currency = DemoData.Currency,
            FinancialStatus = payment == "paid" ? "paid" : "pending",
            FulfillmentStatus = (string?)null,
            SubtotalPrice = Money(subtotal),
            TotalDiscounts = "0.00",
            TotalTax = "0.00",
            TotalPrice = Money(subtotal + shipping),
            PaymentGatewayNames = new[] { payment == "cod" ? "Cash on Delivery (COD)" : "shopify_payments" },
            Customer = new { Id = id + 7, customer.Email, customer.FirstName, customer.LastName },
            ShippingAddress = address,
            BillingAddress = address,
            LineItems = lines.Select((line, i) => new
            {
                Id = (id * 10) + i, line.Sku, line.Quantity, Price = Money(line.UnitPrice), Title = line.Sku, RequiresShipping = true,
            }),
            ShippingLines = new[] { new { Title = "Standard", Price = Money(shipping), Code = "STANDARD" } },
        }, SnakeCase);
    }

    public string WooCommerce(DemoChannel channel, long id, DateTimeOffset placedAt)
    {
        var (customer, lines, subtotal) = Basket(channel);
        const decimal shipping = 6.00m;
        var payment = PaymentStatus();
        var person = new
        {
            customer.FirstName, customer.LastName, Address1 = customer.Line1, Address2 = "", customer.City, State = customer.Region,
            Postcode = Flawed() ? "" : customer.PostalCode, customer.Country,
        };
        return JsonSerializer.Serialize(new
        {
            Id = id,
            Status = payment == "paid" ? "processing" : "on-hold",
            Currency = DemoData.Currency,
            DateCreatedGmt = placedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss"),
            DatePaidGmt = payment == "paid" ? placedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss") : null,
            DatePaid = payment == "paid" ? placedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss") : null,
            DiscountTotal = "0.00",
            ShippingTotal = Money(shipping),
            TotalTax = "0.00",
            Total = Money(subtotal + shipping),
            PaymentMethod = payment == "cod" ? "cod" : payment == "paid" ? "stripe" : "bacs",
            Billing = new { person.FirstName, person.LastName, person.Address1, person.City, person.State, person.Postcode, person.Country, customer.Email, customer.Phone },
            Shipping = person,
            LineItems = lines.Select((line, i) => new
            {
                Id = (id * 10) + i, Name = line.Sku, line.Sku, line.Quantity, Subtotal = Money(line.UnitPrice * line.Quantity),
                Total = Money(line.UnitPrice * line.Quantity), Price = line.UnitPrice,
            }),
        }, SnakeCase);
    }

    private (Customer Customer, List<(string Sku, int Quantity, decimal UnitPrice)> Lines, decimal Total) Basket(DemoChannel channel)
    {
        var customers = Customers.In(channel.Market);
        var customer = customers[random.Next(customers.Count)];
        var lines = DemoData.Products.OrderBy(_ => random.Next()).Take(1 + random.Next(3))
            .Select(product => (product.Sku, Quantity: 1 + random.Next(2), UnitPrice: product.Price)).ToList();
        if (Flawed())
        {
            lines[0] = (DiscontinuedSku, 1, 5.00m);
        }

        return (customer, lines, lines.Sum(line => line.Quantity * line.UnitPrice));
    }

    /// <summary>Most orders are paid at checkout; some wait for payment (and release their stock if it never comes), some are cash on delivery.</summary>
    private string PaymentStatus() => random.NextDouble() switch
    {
        < 0.85 => "paid",
        < 0.95 => "pending",
        _ => "cod",
    };

    private bool Flawed() => random.NextDouble() < FlawedShare / 2;

    private static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
