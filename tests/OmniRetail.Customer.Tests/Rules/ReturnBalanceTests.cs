using OmniRetail.Contracts.Inventory;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Returns;

namespace OmniRetail.Customer.Tests.Rules;

public sealed class ReturnBalanceTests
{
    // 3 mugs at 10.00 less a 15 % promotion: 25.50 net, 8.50 each. 2 socks 7.99 with an order discount share of 0.99: 14.99 net.
    private static readonly OrderedLine[] Ordered = [new("MUG", 3, 10.00m, 25.50m), new("SOCKS", 2, 7.99m, 14.99m)];
    private static readonly StockLine[] Shipped = [new() { Sku = "MUG", Quantity = 3 }, new() { Sku = "SOCKS", Quantity = 2 }];

    private static ReturnRequest Earlier(string sku, int quantity) => new()
    {
        Resolution = ReturnResolutions.Refund,
        Lines = [new ReturnLine { Sku = sku, Quantity = quantity, Reason = "r", UnitRefund = 0 }],
    };

    [Fact]
    public void What_may_still_be_returned_counts_every_earlier_return_received_or_not()
    {
        ReturnBalance.Returnable(Shipped, [], "MUG").ShouldBe(3);
        ReturnBalance.Returnable(Shipped, [Earlier("MUG", 1)], "MUG").ShouldBe(2);
        ReturnBalance.Returnable(Shipped, [Earlier("MUG", 1), Earlier("MUG", 2)], "MUG").ShouldBe(0);
        ReturnBalance.Returnable(Shipped, [Earlier("MUG", 3)], "SOCKS").ShouldBe(2);
        ReturnBalance.Returnable(Shipped, [], "CANDLE").ShouldBe(0);
    }

    [Fact]
    public void Refunds_pay_the_net_unit_price_and_add_up_to_what_was_paid()
    {
        ReturnBalance.UnitPrice(Ordered, "MUG").ShouldBe(8.50m);
        ReturnBalance.UnitPrice(Ordered, "SOCKS").ShouldBe(7.50m); // 14.99 ÷ 2 = 7.495, to the cent

        // One sock, then the other: 7.50 (round(7.495)) and then 7.49, together exactly 14.99.
        ReturnBalance.Refund(Ordered, "SOCKS", refundedBefore: 0, units: 1).ShouldBe(7.50m);
        ReturnBalance.Refund(Ordered, "SOCKS", refundedBefore: 1, units: 1).ShouldBe(7.49m);
        ReturnBalance.Refund(Ordered, "MUG", refundedBefore: 1, units: 2).ShouldBe(17.00m);
    }
}
