using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Customer.Tests.Service;

[Collection(CustomerServiceCollection.Name)]
public sealed class ReturnServiceTests(CustomerHost customers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>3 mugs for 25.50 net (8.50 each after a promotion) and 2 pairs of socks for 14.99, shipped and delivered.</summary>
    private async Task<Guid> DeliveredOrder()
    {
        await customers.Publish(new WarehouseRegistered { Code = "BER", Name = "Berlin" });
        var orderId = await customers.Placed("webshop", $"returns.{_run}@example.com", lines: [("MUG", 3, 25.50m), ("SOCKS", 2, 14.99m)]);
        await customers.Delivered(orderId, ("MUG", 3), ("SOCKS", 2));
        await Eventually.Holds(async () => await customers.Read(async db => (await db.Orders.FindAsync(orderId)) is { DeliveredAt: not null, PlacedAt: not null, Shipped.Count: > 0 })
                && await customers.Read(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Warehouses, w => w.Code == "BER")),
            TimeSpan.FromSeconds(30), () => Task.FromResult("the order was not delivered"));
        return orderId;
    }

    [Fact]
    public async Task Repeated_partial_returns_keep_exact_balances_and_refund_what_was_paid()
    {
        await LoyaltyProgram.Ensure(customers);
        var orderId = await DeliveredOrder();
        var customer = await customers.CustomerOf(orderId);
        // 40.49 delivered: 40 points.
        await Eventually.Holds(async () => (await customers.Api.Get($"/api/customers/{customer}/loyalty"))["balance"]!.GetValue<long>() == 40,
            TimeSpan.FromSeconds(30), () => Task.FromResult("the order earned no points"));

        var first = await customers.Api.Post("/api/returns", new { orderId, resolution = "refund", lines = new[] { new { sku = "SOCKS", quantity = 1, reason = "too small" }, new { sku = "MUG", quantity = 1, reason = "chipped" } } });
        first["status"]!.GetValue<string>().ShouldBe("Authorised");
        first["number"]!.GetValue<string>().ShouldStartWith("RMA-");
        first["ticketId"].ShouldNotBeNull();
        // Authorised but not received still counts: 2 mugs and 1 pair of socks are left.
        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, "/api/returns",
            new { orderId, resolution = "refund", lines = new[] { new { sku = "MUG", quantity = 3, reason = "no longer wanted" } } });
        status.ShouldBe(409);
        problem["errors"]!["lines[0].quantity"]![0]!.GetValue<string>().ShouldBe("at most 2 of MUG can still be returned (shipped 3, in earlier returns 1)");

        var id = first["id"]!.GetValue<Guid>();
        var partly = await customers.Api.Post($"/api/returns/{id}/receipts", new { warehouse = "ber", lines = new[] { new { sku = "SOCKS", quantity = 1, condition = "resellable" } } });
        (partly["status"]!.GetValue<string>(), partly["refundAmount"]).ShouldBe(("Authorised", null));
        (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/returns/{id}/receipts", new { warehouse = "BER", lines = new[] { new { sku = "MUG", quantity = 2, condition = "damaged" } } });
        (status, problem["errors"]!["lines[0].quantity"]![0]!.GetValue<string>()).ShouldBe((409, "only 1 of MUG are still expected"));

        var receiptId = Guid.NewGuid();
        var done = await customers.Api.Post($"/api/returns/{id}/receipts", new { receiptId, warehouse = "BER", lines = new[] { new { sku = "MUG", quantity = 1, condition = "damaged" } } });
        // Refunded by itself once everything is in: 7.50 (a sock: 14.99 ÷ 2 to the cent) + 8.50 (a mug).
        (done["status"]!.GetValue<string>(), done["refundAmount"]!.GetValue<decimal>()).ShouldBe(("Refunded", 16.00m));
        // The same receipt again counts once.
        (await customers.Api.Post($"/api/returns/{id}/receipts", new { receiptId, warehouse = "BER", lines = new[] { new { sku = "MUG", quantity = 1, condition = "damaged" } } }))["refundAmount"]!
            .GetValue<decimal>().ShouldBe(16.00m);

        var second = await customers.Api.Post("/api/returns", new { orderId, resolution = "refund", lines = new[] { new { sku = "SOCKS", quantity = 1, reason = "too small" }, new { sku = "MUG", quantity = 2, reason = "gift" } } });
        var last = await customers.Api.Post($"/api/returns/{second["id"]}/receipts", new { warehouse = "BER", lines = new[] { new { sku = "SOCKS", quantity = 1, condition = "resellable" }, new { sku = "MUG", quantity = 2, condition = "resellable" } } });
        // The second sock refunds the cent the first did not: 14.99 − 7.50 = 7.49; two mugs 17.00. Together exactly 25.50 + 14.99.
        last["refundAmount"]!.GetValue<decimal>().ShouldBe(24.49m);
        (await customers.Api.Refused(HttpMethod.Post, "/api/returns", new { orderId, resolution = "refund", lines = new[] { new { sku = "SOCKS", quantity = 1, reason = "x" } } })).Status.ShouldBe(409);

        await Eventually.Holds(() => Task.FromResult(customers.Published<RefundIssued>().Count(r => r.OrderId == orderId) == 2), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the refunds were not published"));
        customers.Published<RefundIssued>().Where(r => r.OrderId == orderId).Sum(r => r.Amount).ShouldBe(40.49m);
        var receipts = customers.Published<ReturnReceived>().Where(r => r.OrderId == orderId).ToList();
        receipts.Count.ShouldBe(3);
        receipts.SelectMany(r => r.Resellable()).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity))
            .ShouldBe(new Dictionary<string, int> { ["SOCKS"] = 2, ["MUG"] = 2 });
        (await customers.Api.GetArray($"/api/returns?orderId={orderId}")).Count.ShouldBe(2);
        (await customers.Api.Get($"/api/customers/{customer}"))["spend"]![0]!["amount"]!.GetValue<decimal>().ShouldBe(0m);
        // The refunds took the points back: ⌊16.00⌋ = 16, then ⌊24.49⌋ = 24, together all 40 the order earned.
        var ledger = await customers.Api.Get($"/api/customers/{customer}/loyalty");
        ledger["entries"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "reversed").Select(e => e!["points"]!.GetValue<long>()).ShouldBe([-16L, -24L]);
        ledger["balance"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task An_exchange_sends_a_replacement_order_once_the_goods_are_back()
    {
        var orderId = await DeliveredOrder();

        var exchange = await customers.Api.Post("/api/returns", new
        {
            orderId, resolution = "exchange", exchangeSkus = new[] { "SOCKS-L" }, lines = new[] { new { sku = "SOCKS", quantity = 2, reason = "wrong size" } },
        });
        var done = await customers.Api.Post($"/api/returns/{exchange["id"]}/receipts", new { warehouse = "BER", lines = new[] { new { sku = "SOCKS", quantity = 2, condition = "resellable" } } });

        done["status"]!.GetValue<string>().ShouldBe("Exchanged");
        var replacement = done["exchangeOrderId"]!.GetValue<Guid>();
        await Eventually.Holds(() => Task.FromResult(customers.Published<OrderSubmitted>().Any(o => o.OrderId == replacement)), TimeSpan.FromSeconds(30),
            () => Task.FromResult("the replacement order was not submitted"));
        var order = customers.Published<OrderSubmitted>().Single(o => o.OrderId == replacement);
        (order.ReplacesOrderId, order.Total, order.ChannelCode).ShouldBe((orderId, 0m, "webshop"));
        order.Lines.Select(l => (l.Sku, l.Quantity, l.UnitPrice)).ShouldBe([("SOCKS-L", 2, 0m)]);
        // No personal data travels: the Order service takes the replaced order's customer and address.
        (order.Customer.Email, order.ShippingAddress).ShouldBe((null, null));
    }

    [Fact]
    public async Task Outside_the_window_a_return_needs_an_override_and_bad_returns_name_the_field()
    {
        await customers.Publish(new WarehouseRegistered { Code = "BER", Name = "Berlin" });
        var orderId = await customers.Placed("webshop", $"late.{_run}@example.com", lines: [("MUG", 1, 10m)]);
        await customers.Publish(new OmniRetail.Contracts.Orders.OrderShipped
        {
            OrderId = orderId, ShippedAt = DateTimeOffset.UtcNow.AddDays(-45),
            Parcels = [new OmniRetail.Contracts.Orders.ShippedParcel { Warehouse = "BER", Lines = [new StockLine { Sku = "MUG", Quantity = 1 }] }],
        });
        await customers.Publish(new OmniRetail.Contracts.Orders.OrderDelivered { OrderId = orderId, DeliveredAt = DateTimeOffset.UtcNow.AddDays(-40) });
        await Eventually.Holds(async () => await customers.Read(async db => (await db.Orders.FindAsync(orderId)) is { DeliveredAt: not null, PlacedAt: not null, Shipped.Count: > 0 }), TimeSpan.FromSeconds(30),
            () => Task.FromResult("not delivered"));

        var lines = new[] { new { sku = "MUG", quantity = 1, reason = "changed my mind" } };
        var (status, problem) = await customers.Api.Refused(HttpMethod.Post, "/api/returns", new { orderId, resolution = "refund", lines });
        status.ShouldBe(409);
        problem["errors"]!["orderId"]![0]!.GetValue<string>().ShouldContain("give overrideReason");
        (status, problem) = await customers.Api.Refused(HttpMethod.Post, "/api/returns", new { orderId, resolution = "swap", lines = Array.Empty<object>() });
        status.ShouldBe(400);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["resolution", "lines"], ignoreOrder: true);
        (await customers.Api.Refused(HttpMethod.Post, "/api/returns", new { orderId = Guid.NewGuid(), resolution = "refund", lines })).Status.ShouldBe(400);

        var allowed = await customers.Api.Post("/api/returns", new { orderId, resolution = "refund", lines, overrideReason = "loyal customer, goodwill" });
        allowed["overrideReason"]!.GetValue<string>().ShouldBe("loyal customer, goodwill");
        (status, problem) = await customers.Api.Refused(HttpMethod.Post, $"/api/returns/{allowed["id"]}/receipts", new { warehouse = "NOWHERE", lines = new[] { new { sku = "MUG", quantity = 1, condition = "resellable" } } });
        (status, problem["errors"]!["warehouse"] is not null).ShouldBe((400, true));
    }
}
