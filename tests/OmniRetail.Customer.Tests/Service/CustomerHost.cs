using MassTransit;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

/// <summary>
/// The real Customer service on real PostgreSQL and RabbitMQ, shared by the service tests. The order lifecycle events
/// are published as the Order service would; <see cref="Published{T}"/> is what the service put on the broker.
/// Urgent tickets are due for a first response after 7.2 seconds, surveys are issued at delivery, points expire every 2 seconds.
/// </summary>
public sealed class CustomerHost(TestServers servers) : IAsyncLifetime
{
    public static readonly TimeSpan UrgentFirstResponse = TimeSpan.FromHours(0.002);

    private ServiceHost<Program>? _host;
    private MessageTap? _tap;

    public ServiceHost<Program> Api => _host!;

    public Task Publish<T>(T message) where T : class => _host!.Bus.Publish(message, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost<Program>.StartAsync(servers, "customer", "customer_service", new Dictionary<string, string>
        {
            ["Customer:SurveyDelay"] = "00:00:00",
            ["Customer:Sla:Urgent:FirstResponseHours"] = "0.002",
            ["Customer:Sla:Urgent:ResolutionHours"] = "1",
            ["Retail:BaseCurrency"] = "EUR",
            ["Retail:ExchangeRates:USD"] = "0.5",
            ["Customer:LoyaltyExpiry:Schedule"] = "*/2 * * * * *",
        });
        var broker = (await servers.RabbitMq()).ConnectionString;
        _tap = await MessageTap.Start(broker, "customer-tests", tap => tap.Listen<TicketSlaBreached>().Listen<ReturnReceived>().Listen<RefundIssued>()
            .Listen<OrderSubmitted>().Listen<LoyaltyTierChanged>().Listen<CustomerErased>());
    }

    /// <summary>Starts the service again on the same database and broker, as a crash and restart in production would.</summary>
    public async Task Restart() => _host = await _host!.RestartAsync();

    public List<T> Published<T>() => _tap!.Published<T>();

    public Task<T> Read<T>(Func<CustomerDbContext, Task<T>> query) => _host!.Read(query);

    /// <summary>An order placed on a channel, as the Order service announces it; lines are (SKU, quantity, net amount).</summary>
    public async Task<Guid> Placed(string channel, string? email, string? phone = null, string? channelCustomerId = null, string currency = "EUR",
        DateTimeOffset? placedAt = null, Guid? id = null, params (string Sku, int Quantity, decimal Net)[] lines)
    {
        var orderId = id ?? NewId.NextGuid();
        var ordered = lines.Length == 0 ? [("MUG", 1, 10m)] : lines;
        await Publish(new OrderPlaced
        {
            OrderId = orderId, ChannelCode = channel, ChannelKind = "generic", ExternalId = $"EXT-{orderId:N}"[..16], PlacedAt = placedAt ?? DateTimeOffset.UtcNow,
            Currency = currency, Customer = new SubmittedCustomer { Email = email, Phone = phone, Name = "Erika Mustermann", ChannelCustomerId = channelCustomerId },
            ShippingAddress = new SubmittedAddress { Name = "Erika Mustermann", Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" },
            ShipToCountry = "DE",
            Lines = ordered.Select(l => new PlacedLine { Sku = l.Sku, Quantity = l.Quantity, UnitPrice = l.Net / l.Quantity, NetAmount = l.Net }).ToList(),
            Total = ordered.Sum(l => l.Net), PaymentStatus = PaymentStatus.Paid,
        });
        return orderId;
    }

    /// <summary>The order shipped whole and was delivered.</summary>
    public async Task Delivered(Guid orderId, params (string Sku, int Quantity)[] lines)
    {
        await Publish(new OrderShipped
        {
            OrderId = orderId, ShippedAt = DateTimeOffset.UtcNow,
            Parcels = [new ShippedParcel { Warehouse = "BER", Lines = lines.Select(l => new StockLine { Sku = l.Sku, Quantity = l.Quantity }).ToList() }],
        });
        await Publish(new OrderDelivered { OrderId = orderId, DeliveredAt = DateTimeOffset.UtcNow });
    }

    public async Task<Guid> CustomerOf(Guid orderId)
    {
        Guid? customer = null;
        await Eventually.Holds(async () => (customer = await Read(async db => (await db.Orders.FindAsync(orderId))?.CustomerId)) is not null,
            TimeSpan.FromSeconds(30), () => Task.FromResult($"order {orderId} has no customer"));
        return customer!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tap is not null)
        {
            await _tap.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CustomerServiceCollection : ICollectionFixture<CustomerHost>
{
    public const string Name = "customer service";
}
