using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Returns;

/// <summary>Returned goods coming in, and what follows once all of them are in: the refund or the exchange.</summary>
public sealed class ReturnResolution(CustomerDbContext db, TransactionalOutbox outbox, LoyaltyLedger loyalty, TimeProvider clock, Telemetry.CustomerMetrics metrics)
{
    /// <summary>The return's row must be locked by the caller, and the receipt checked against what is still expected.</summary>
    public async Task Receive(ReturnRequest request, ReturnReceipt receipt, CancellationToken cancellationToken)
    {
        var lines = request.Lines.ToList();
        foreach (var arrived in receipt.Lines)
        {
            var left = arrived.Quantity;
            for (var i = 0; i < lines.Count && left > 0; i++)
            {
                var line = lines[i];
                var take = line.Sku == arrived.Sku ? Math.Min(left, line.Quantity - line.Received) : 0;
                if (take > 0)
                {
                    lines[i] = arrived.Condition == ReturnCondition.Resellable ? line with { Resellable = line.Resellable + take } : line with { Damaged = line.Damaged + take };
                    left -= take;
                }
            }
        }

        request.Lines = lines;
        request.Receipts = [.. request.Receipts, receipt];
        outbox.Publish(new ReturnReceived
        {
            ReturnId = request.Id, Number = request.Number, ReceiptId = receipt.ReceiptId, OrderId = request.OrderId, Warehouse = receipt.Warehouse,
            Lines = receipt.Lines, ReceivedAt = new DateTimeOffset(receipt.At, TimeSpan.Zero),
        }, partitionKey: request.OrderId.ToString());
        if (!request.FullyReceived)
        {
            return;
        }

        request.Status = ReturnStatus.Received;
        request.ReceivedAt = receipt.At;
        var order = (await OrderRows.Lock(db, request.OrderId, cancellationToken))!;
        metrics.ReturnResolved(request.Resolution);
        if (request.Resolution == ReturnResolutions.Refund)
        {
            await Refund(request, order, cancellationToken);
        }
        else
        {
            Exchange(request, order);
        }
    }

    private async Task Refund(ReturnRequest request, CustomerOrder order, CancellationToken cancellationToken)
    {
        var refundedBefore = (await db.Returns.AsNoTracking().Where(r => r.OrderId == order.OrderId && r.Id != request.Id && r.Status == ReturnStatus.Refunded).ToListAsync(cancellationToken))
            .SelectMany(r => r.Lines).GroupBy(l => l.Sku).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var units = request.Lines.GroupBy(l => l.Sku).Select(g => new StockLine { Sku = g.Key, Quantity = g.Sum(l => l.Quantity) }).ToList();
        var amount = units.Sum(u => ReturnBalance.Refund(order.Lines, u.Sku, refundedBefore.GetValueOrDefault(u.Sku), u.Quantity));
        var now = clock.GetUtcNow();
        request.RefundAmount = amount;
        request.RefundedAt = now.UtcDateTime;
        request.Status = ReturnStatus.Refunded;
        order.RefundedAmount += amount;
        outbox.Publish(new RefundIssued
        {
            ReturnId = request.Id, OrderId = order.OrderId, CustomerId = order.CustomerId, ChannelCode = order.ChannelCode, Amount = amount, Currency = order.Currency,
            Lines = units, RefundedAt = now,
        }, partitionKey: order.OrderId.ToString());
        if (order.CustomerId is { } customerId && await CustomerRows.Lock(db, customerId, cancellationToken) is { IsActive: true } customer)
        {
            await loyalty.Reverse(customer, order.OrderId, amount, order.Currency, request.Id.ToString(), cancellationToken);
        }
    }

    /// <summary>
    /// The replacement goes out as a new order of the same channel, already paid for by the goods returned; the Order
    /// service sends it to the customer and address of the order it replaces and reserves it like any other.
    /// </summary>
    private void Exchange(ReturnRequest request, CustomerOrder order)
    {
        var now = clock.GetUtcNow();
        var replacement = NewId.NextGuid();
        outbox.Publish(new OrderSubmitted
        {
            OrderId = replacement, ChannelCode = order.ChannelCode, ChannelKind = order.ChannelKind, ExternalId = $"{order.ExternalId}-{request.Number}",
            PlacedAt = now, Currency = order.Currency, Customer = new SubmittedCustomer(), ShippingAddress = null,
            Lines = request.Lines.GroupBy(l => l.ExchangeSku!).Select(g => new SubmittedLine { Sku = g.Key, Quantity = g.Sum(l => l.Quantity), UnitPrice = 0 }).ToList(),
            Total = 0, PaymentStatus = PaymentStatus.Paid, ReplacesOrderId = order.OrderId,
        }, partitionKey: replacement.ToString());
        request.ExchangeOrderId = replacement;
        request.ExchangedAt = now.UtcDateTime;
        request.Status = ReturnStatus.Exchanged;
    }
}
