using System.Collections.Concurrent;
using System.Net.Http.Json;
using MassTransit;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Orders;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Hardening;

/// <summary>The order lifecycle as other services will build on it: each event once, in the order's own order, with its figures.</summary>
public sealed class LifecycleEventTests(WholeStack stack)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    private readonly ConcurrentQueue<(Guid OrderId, object Event)> _seen = new();

    [Fact]
    public async Task An_order_publishes_placed_paid_shipped_delivered_and_a_cancelled_one_placed_cancelled_each_once_in_order()
    {
        await using var bus = await Listen();
        using var client = await SignIn(stack);
        var sku = $"LC-{_run}";
        var warehouse = $"L{_run[..6]}";
        var channel = $"lc-{_run.ToLowerInvariant()}";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 10m);
        await client.Receive(warehouse, sku, 5);
        await client.Channel(channel, "generic", "lifecycle-secret-0123456789", warehouse);
        await client.OrderServiceLearns(sku);

        var delivered = await AcceptedOrderId(await client.PostGeneric(channel, "lifecycle-secret-0123456789", GenericOrder($"{_run}-D", sku, 2, 10m)));
        var shipment = (await client.OrderReaches(delivered, "Allocated"))["shipments"]![0]!["id"]!.GetValue<Guid>();
        await client.TestCarriers();
        (await client.Http.PostAsJsonAsync($"/api/orders/{delivered}/shipments/{shipment}/ship",
            new { carrier = "test-dhl", service = "paket", overrideReason = "not packed first", trackingNumber = $"T{_run}" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await client.OrderReaches(delivered, "Shipped");
        (await client.Http.PostAsync($"/api/orders/{delivered}/shipments/{shipment}/deliver", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await client.OrderReaches(delivered, "Delivered");

        var cancelled = await AcceptedOrderId(await client.PostGeneric(channel, "lifecycle-secret-0123456789", GenericOrder($"{_run}-C", sku, 1, 10m, payment: "pending")));
        await client.OrderReaches(cancelled, "AwaitingPayment");
        (await client.Http.PostAsJsonAsync($"/api/orders/{cancelled}/cancel", new { reason = "customer asked" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        await client.OrderReaches(cancelled, "Cancelled");

        await Eventually.Holds(() => Task.FromResult(Names(delivered).Count >= 4 && Names(cancelled).Count >= 2), Patience,
            () => Task.FromResult($"delivered: {string.Join(",", Names(delivered))}; cancelled: {string.Join(",", Names(cancelled))}"));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Names(delivered).ShouldBe([nameof(OrderPlaced), nameof(OrderPaid), nameof(OrderShipped), nameof(OrderDelivered)], ignoreOrder: false);
        Names(cancelled).ShouldBe([nameof(OrderPlaced), nameof(OrderCancelled)], ignoreOrder: false);
        var placed = Events<OrderPlaced>(delivered).Single();
        (placed.ChannelCode, placed.Currency, placed.Total).ShouldBe((channel, "EUR", 20m));
        placed.CustomerReference.ShouldNotBeNullOrEmpty();
        placed.Lines.Single().NetAmount.ShouldBe(20m);
        Events<OrderShipped>(delivered).Single().Parcels.Single().TrackingNumber.ShouldBe($"T{_run}");
        Events<OrderCancelled>(cancelled).Single().Reason.ShouldContain("customer asked");
    }

    /// <summary>Discount 3.00 over lines of 20.00 and 5.00: shares 2.40 and 0.60, so the net amounts are 17.60 and 4.40.</summary>
    [Fact]
    public async Task Placed_lines_carry_their_net_amount_after_their_share_of_the_discount()
    {
        await using var bus = await Listen();
        var orderId = Guid.NewGuid();

        var submitted = new OrderSubmitted
        {
            OrderId = orderId, ChannelCode = $"net-{_run}", ChannelKind = ChannelKinds.Generic, ExternalId = $"{_run}-NET", PlacedAt = DateTimeOffset.UtcNow,
            Currency = "EUR", Customer = new SubmittedCustomer { Email = $"{_run}@example.com" },
            Lines = [new SubmittedLine { Sku = "NET-A", Quantity = 2, UnitPrice = 10m }, new SubmittedLine { Sku = "NET-B", Quantity = 1, UnitPrice = 5m }],
            Discount = 3m, Total = 22m, PaymentStatus = PaymentStatus.Pending,
        };

        // Published straight to the broker, not through an outbox: in a stack that has only just started, a publish can
        // precede the binding that would route it. The saga takes the same order once, so sending it again is safe.
        var deadline = DateTime.UtcNow + Patience;
        while (!Events<OrderPlaced>(orderId).Any() && DateTime.UtcNow < deadline)
        {
            await bus.Publish(submitted);
            await Eventually.Holds(() => Task.FromResult(Events<OrderPlaced>(orderId).Any()), TimeSpan.FromSeconds(10), () => Task.FromResult("no OrderPlaced yet"))
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }

        Events<OrderPlaced>(orderId).ShouldNotBeEmpty("no OrderPlaced");
        Events<OrderPlaced>(orderId).Single().Lines.Select(line => line.NetAmount).ShouldBe([17.60m, 4.40m], ignoreOrder: false);
    }

    private async Task<TestBus> Listen() => await StackBus.Connect(stack, rabbit => rabbit.ReceiveEndpoint($"lifecycle-{_run}", endpoint =>
    {
        endpoint.AutoDelete = true;
        endpoint.Durable = false;
        endpoint.PrefetchCount = 1;
        endpoint.ConcurrentMessageLimit = 1;
        endpoint.Handler<OrderPlaced>(context => Seen(context.Message.OrderId, context.Message));
        endpoint.Handler<OrderPaid>(context => Seen(context.Message.OrderId, context.Message));
        endpoint.Handler<OrderShipped>(context => Seen(context.Message.OrderId, context.Message));
        endpoint.Handler<OrderDelivered>(context => Seen(context.Message.OrderId, context.Message));
        endpoint.Handler<OrderCancelled>(context => Seen(context.Message.OrderId, context.Message));
    }));

    private Task Seen(Guid orderId, object message)
    {
        _seen.Enqueue((orderId, message));
        return Task.CompletedTask;
    }

    private List<string> Names(Guid orderId) => _seen.Where(e => e.OrderId == orderId).Select(e => e.Event.GetType().Name).ToList();

    private List<T> Events<T>(Guid orderId) => _seen.Where(e => e.OrderId == orderId).Select(e => e.Event).OfType<T>().ToList();
}
