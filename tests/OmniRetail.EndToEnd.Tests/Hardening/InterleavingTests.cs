using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Npgsql;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.Order.Fulfilment;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Hardening;

/// <summary>
/// Failure sequences that need two things to happen in a particular order. Where the services would rarely produce
/// that order by themselves, the test puts the messages on the stack's broker in that order. Every test ends with the
/// stock ledger keeping all its promises (GET /api/inventory/invariants reports nothing).
/// </summary>
public sealed class InterleavingTests(WholeStack stack)
{
    private const decimal UnitPrice = 10m;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>Sequence 1: a till sale of two SKUs must withdraw an online order holding both only once.</summary>
    [Fact]
    public async Task A_till_sale_of_two_skus_withdraws_an_order_holding_both_once_and_the_other_orders_keep_their_units()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 2), ("B", 3));
        var q = await client.OrderReaches(await Place(client, scene.Web, "Q", [(scene.Sku("A"), 1)]), "Allocated");
        await client.OrderReaches(await Place(client, scene.Web, "P", [(scene.Sku("B"), 2)]), "Allocated");
        var o = await Place(client, scene.Web, "O", [(scene.Sku("A"), 1), (scene.Sku("B"), 1)]);
        await client.OrderReaches(o, "Allocated");

        await Place(client, scene.Till, "TILL", [(scene.Sku("A"), 1), (scene.Sku("B"), 2)]);

        await client.OrderReaches(o, "Backordered");
        await client.StockIs(scene.Sku("A"), onHand: 1, reserved: 1);
        await client.StockIs(scene.Sku("B"), onHand: 1, reserved: 0);
        (await client.Order(q["id"]!.GetValue<Guid>()))!["status"]!.GetValue<string>().ShouldBe("Allocated", "the oldest order keeps its unit");
        await client.InvariantsHold();
    }

    /// <summary>Sequence 2: a payment that reaches the saga before the order's submission is retried, not dropped.</summary>
    [Fact]
    public async Task A_payment_that_arrives_before_its_order_is_applied_once_the_order_exists()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 5));
        await using var bus = await StackBus.Connect(stack);
        var orderId = Guid.NewGuid();

        await bus.Publish(new ChannelPaymentReported { OrderId = orderId });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await bus.Publish(Submitted(orderId, scene, "EARLY-PAY", scene.Sku("A"), 1, "pending"));

        var order = await client.OrderReaches(orderId, "Allocated", "Cancelled");
        order["status"]!.GetValue<string>().ShouldBe("Allocated", order.ToJsonString());
        order["paymentStatus"]!.GetValue<string>().ShouldBe("paid");
        await client.InvariantsHold();
    }

    /// <summary>Sequence 3: a release that overtakes the order's stock request leaves nothing reserved.</summary>
    [Fact]
    public async Task A_release_that_overtakes_its_stock_request_leaves_nothing_reserved()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 5));
        await using var bus = await StackBus.Connect(stack);
        var cancelled = Guid.NewGuid();

        await bus.Publish(new ReleaseStock { OrderId = cancelled });
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await bus.Publish(Request(cancelled, scene, scene.Sku("A"), 2));
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        // A later request on the same queue, so the overtaken one has certainly been handled when this one is.
        await bus.Publish(Request(Guid.NewGuid(), scene, scene.Sku("A"), 1));

        await client.StockIs(scene.Sku("A"), onHand: 5, reserved: 1);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await client.StockIs(scene.Sku("A"), onHand: 5, reserved: 1);
        await client.InvariantsHold();
    }

    /// <summary>Sequence 3, the saga's side: Inventory's answer to a request of an order cancelled meanwhile is released.</summary>
    [Fact]
    public async Task Stock_reserved_for_an_order_already_cancelled_is_released_again()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 0));
        var orderId = await Place(client, scene.Web, "LATE", [(scene.Sku("A"), 1)]);
        await client.OrderReaches(orderId, "Backordered");
        using (await client.Http.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "test" }, TestContext.Current.CancellationToken))
        {
        }

        await client.OrderReaches(orderId, "Cancelled");
        await using var bus = await StackBus.Connect(stack);
        await bus.Publish(new StockReserved
        {
            OrderId = orderId, Request = 1, Allocations = [new StockAllocation { Warehouse = scene.Store, Sku = scene.Sku("A"), Quantity = 1, Reason = "late" }],
        });

        await Eventually.Holds(async () => (await client.Order(orderId))!["timeline"]!.AsArray()
                .Any(entry => entry!["cause"]!.GetValue<string>().Contains("after the order was cancelled")),
            Patience, () => Task.FromResult("the cancelled order never released the late reservation"));
        await client.InvariantsHold();
    }

    /// <summary>
    /// Sequence 11, second half: an order whose stock request is never answered (here: Inventory refuses it, because the
    /// order's release reached it first) reaches the exceptions queue as stuck instead of waiting unseen.
    /// </summary>
    [Fact]
    public async Task An_order_whose_stock_request_is_never_answered_shows_as_stuck_in_the_exceptions_queue()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 5));
        await using var bus = await StackBus.Connect(stack);
        var orderId = Guid.NewGuid();
        await bus.Publish(new ReleaseStock { OrderId = orderId });
        await Task.Delay(500, TestContext.Current.CancellationToken);

        await bus.Publish(Submitted(orderId, scene, "STUCK", scene.Sku("A"), 1, "paid"));

        await client.OrderReaches(orderId, "Reserving");
        await Eventually.Holds(async () => (await client.Exceptions("?limit=500"))["items"]!.AsArray()
                .Any(e => OrderIdOf(e) == orderId && e!["kind"]!.GetValue<string>() == "stuck"),
            Patience, () => Task.FromResult("the order never showed as stuck"));
        await client.InvariantsHold();
    }

    /// <summary>Sequence 4: units shipped beyond any reservation still leave, and the orders they were promised to ask again.</summary>
    [Fact]
    public async Task A_dispatch_whose_reservation_has_gone_still_takes_the_units_off_hand()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 3));
        var holder = await Place(client, scene.Web, "HOLDER", [(scene.Sku("A"), 3)]);
        await client.OrderReaches(holder, "Allocated");
        await using var bus = await StackBus.Connect(stack);

        await bus.Publish(new ShipmentDispatched { OrderId = Guid.NewGuid(), Warehouse = scene.Store, Lines = [new StockLine { Sku = scene.Sku("A"), Quantity = 1 }] });

        await client.StockIs(scene.Sku("A"), onHand: 2, reserved: 0);
        await client.OrderReaches(holder, "Backordered");
        await client.InvariantsHold();
    }

    /// <summary>Sequence 7: cancelling the order at the head of a SKU's queue lets the ones behind it be served.</summary>
    [Fact]
    public async Task Cancelling_the_first_backorder_serves_the_one_behind_it_from_stock_on_hand()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 0));
        var first = await Place(client, scene.Web, "FIRST", [(scene.Sku("A"), 2)]);
        await client.OrderReaches(first, "Backordered");
        var second = await Place(client, scene.Web, "SECOND", [(scene.Sku("A"), 1)]);
        await client.OrderReaches(second, "Backordered");
        await client.Receive(scene.Store, scene.Sku("A"), 1);
        await client.StockIs(scene.Sku("A"), onHand: 1, reserved: 0);

        using (await client.Http.PostAsJsonAsync($"/api/orders/{first}/cancel", new { reason = "test" }, TestContext.Current.CancellationToken))
        {
        }

        await client.OrderReaches(second, "Allocated");
        await client.StockIs(scene.Sku("A"), onHand: 1, reserved: 1);
        await client.InvariantsHold();
    }

    /// <summary>
    /// Sequence 8: the first receipt of a SKU nobody stocked yet, racing the first stock request for it. Requests go
    /// straight to Inventory's queue (as the Order service sends them) at the moment the receipts are posted, many SKUs
    /// at once, so some request and receipt overlap inside Inventory.
    /// </summary>
    [Fact]
    public async Task First_receipts_racing_first_stock_requests_for_new_skus_leave_no_request_waiting_for_stock_on_hand()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client);
        const int Skus = 150;
        var skus = Enumerable.Range(0, Skus).Select(i => $"NEW-{_run}-{i}").ToArray();
        await using var bus = await StackBus.Connect(stack);
        var jitter = new Random(Skus);

        await Task.WhenAll(skus.Select(async sku =>
        {
            var receiptDelay = TimeSpan.FromMilliseconds(jitter.Next(0, 25));
            await Task.WhenAll(bus.Publish(Request(Guid.NewGuid(), scene, sku, 1)),
                Task.Delay(receiptDelay, TestContext.Current.CancellationToken).ContinueWith(_ => client.Receive(scene.Store, sku, 1)).Unwrap());
        }));

        await using var inventory = await stack.OpenDatabaseAsync(ResourceNames.Service("inventory").Database, TestContext.Current.CancellationToken);
        await Eventually.Holds(async () => await Count(inventory, """
                SELECT (SELECT count(*) FROM reservations WHERE "Sku" = ANY(@skus)) + (SELECT count(*) FROM backorders WHERE "Skus" && @skus)
                """, skus) == Skus,
            Patience, () => Task.FromResult("not every request was answered"));
        // A request left waiting although its SKU's first receipt is on hand: the two passed each other unseen.
        (await Count(inventory, """
            SELECT count(*) FROM backorders b JOIN stock_levels s ON s."Sku" = ANY(b."Skus") WHERE b."Skus" && @skus AND s."OnHand" > s."Reserved"
            """, skus)).ShouldBe(0);
        await client.InvariantsHold();
    }

    private static async Task<long> Count(NpgsqlConnection connection, string sql, string[] skus)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("skus", skus);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Sequence 9: a till sale put on hold and released is still a till sale.</summary>
    [Fact]
    public async Task A_till_sale_released_from_hold_leaves_the_store_stock_and_is_delivered()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 4));
        var body = JsonSerializer.Serialize(new
        {
            externalId = $"{_run}-HELD-TILL",
            placedAt = DateTimeOffset.UtcNow,
            currency = "EUR",
            customer = new { email = $"{_run}@example.com" },
            lines = new[] { new { sku = scene.Sku("A"), quantity = 1, unitPrice = UnitPrice } },
            payment = new { status = "paid", amount = UnitPrice + 1 },
        });
        var sale = await AcceptedOrderId(await client.PostGeneric(scene.Till.Code, scene.Till.Secret, body));
        await client.OrderReaches(sale, "OnHold");

        using (await client.Http.PostAsync($"/api/orders/{sale}/release", null, TestContext.Current.CancellationToken))
        {
        }

        await client.OrderReaches(sale, "Delivered");
        await client.StockIs(scene.Sku("A"), onHand: 3, reserved: 0);
        await client.InvariantsHold();
    }

    /// <summary>Sequence 10: a payment deadline set for an earlier reservation cannot cancel the order's current one.</summary>
    [Fact]
    public async Task A_stale_payment_deadline_does_not_cancel_an_order_reserved_again()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client, ("A", 3));
        var orderId = await Place(client, scene.Web, "UNPAID", [(scene.Sku("A"), 1)], payment: "pending");
        await client.OrderReaches(orderId, "AwaitingPayment");
        await using var bus = await StackBus.Connect(stack);

        await bus.Publish(new PaymentDeadlinePassed(orderId, StockRequest: 99));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        await bus.Publish(new ChannelPaymentReported { OrderId = orderId });

        var order = await client.OrderReaches(orderId, "Allocated", "Cancelled");
        order["status"]!.GetValue<string>().ShouldBe("Allocated", order.ToJsonString());
        await client.InvariantsHold();
    }

    /// <summary>Sequence 13: availability published by concurrent receipts into different warehouses ends at the true total.</summary>
    [Fact]
    public async Task Concurrent_receipts_into_several_warehouses_publish_availability_that_ends_at_the_true_total()
    {
        using var client = await SignIn(stack);
        var scene = await Scene(client);
        var sku = scene.Sku("A");
        await client.Product(sku, UnitPrice);
        var seen = new ConcurrentQueue<StockAvailabilityChanged>();
        await using var bus = await StackBus.Connect(stack, rabbit => rabbit.ReceiveEndpoint($"availability-{_run}", endpoint =>
        {
            endpoint.AutoDelete = true;
            endpoint.Durable = false;
            endpoint.PrefetchCount = 1;
            endpoint.ConcurrentMessageLimit = 1;
            endpoint.Handler<StockAvailabilityChanged>(context =>
            {
                if (context.Message.Sku == sku)
                {
                    seen.Enqueue(context.Message);
                }

                return Task.CompletedTask;
            });
        }));

        await Task.WhenAll(Enumerable.Range(0, 15).Select(i => client.Receive(new[] { scene.Store, scene.Depot, scene.Hub }[i % 3], sku, 1)));

        await client.StockIs(sku, onHand: 15, reserved: 0);
        await Eventually.Holds(() => Task.FromResult(seen.Count >= 15), Patience, () => Task.FromResult($"saw {seen.Count} availability events"));
        seen.Last().Available.ShouldBe(15, $"events in arrival order: {string.Join(", ", seen.Select(e => e.Available))}");
        await client.InvariantsHold();
    }

    internal sealed record HardeningScene(string Run, string Store, string Depot, string Hub, (string Code, string Secret) Web, (string Code, string Secret) Till)
    {
        public string Sku(string name) => $"H-{Run}-{name}";
    }

    /// <summary>A store and two depots; a web shop preferring the store; the store's till; products stocked in the store.</summary>
    private async Task<HardeningScene> Scene(BackboneClient client, params (string Name, int InStore)[] products)
    {
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var scene = new HardeningScene($"{_run}{suffix}", $"S{suffix}", $"D{suffix}", $"H{suffix}",
            ($"web-{suffix.ToLowerInvariant()}", $"secret-web-{suffix}-0123456789"), ($"till-{suffix.ToLowerInvariant()}", $"secret-till-{suffix}-0123456789"));
        foreach (var warehouse in new[] { scene.Store, scene.Depot, scene.Hub })
        {
            await client.Warehouse(warehouse, "DE", "EU-Central");
        }

        foreach (var (name, inStore) in products)
        {
            await client.Product(scene.Sku(name), UnitPrice);
            if (inStore > 0)
            {
                await client.Receive(scene.Store, scene.Sku(name), inStore);
            }
        }

        await client.Channel(scene.Web.Code, "generic", scene.Web.Secret, scene.Store);
        await client.Channel(scene.Till.Code, "store", scene.Till.Secret, scene.Store);
        foreach (var (name, _) in products)
        {
            await client.OrderServiceLearns(scene.Sku(name));
        }

        return scene;
    }

    private async Task<Guid> Place(BackboneClient client, (string Code, string Secret) channel, string name, (string Sku, int Quantity)[] lines, string payment = "paid")
    {
        using var response = await client.PostGeneric(channel.Code, channel.Secret, GenericOrder($"{_run}-{name}", lines, UnitPrice, payment));
        return await AcceptedOrderId(response);
    }

    private static ReserveStock Request(Guid orderId, HardeningScene scene, string sku, int quantity) => new()
    {
        OrderId = orderId, Request = 1, Lines = [new StockLine { Sku = sku, Quantity = quantity }], WarehousePriorities = [scene.Store], ShipToCountry = "DE",
    };

    private static OrderSubmitted Submitted(Guid orderId, HardeningScene scene, string externalId, string sku, int quantity, string payment) => new()
    {
        OrderId = orderId,
        ChannelCode = scene.Web.Code,
        ChannelKind = ChannelKinds.Generic,
        ExternalId = $"{scene.Run}-{externalId}",
        PlacedAt = DateTimeOffset.UtcNow,
        Currency = "EUR",
        Customer = new SubmittedCustomer { Email = $"{scene.Run}@example.com", Name = "Erika Mustermann" },
        ShippingAddress = new SubmittedAddress { Name = "Erika Mustermann", Line1 = "Unter den Linden 1", City = "Berlin", PostalCode = "10117", Country = "DE" },
        Lines = [new SubmittedLine { Sku = sku, Quantity = quantity, UnitPrice = UnitPrice }],
        Total = quantity * UnitPrice,
        PaymentStatus = payment,
        WarehousePriorities = [scene.Store],
    };
}
