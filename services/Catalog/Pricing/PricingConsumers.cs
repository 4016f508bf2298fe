using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Promotions;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.Catalog.Pricing;

/// <summary>Keeps each channel's own prices, which quotes use instead of the list price. An older change arriving late changes nothing.</summary>
public sealed class ChannelListingConsumer(CatalogDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<ChannelListingChanged>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ChannelListingChanged> context)
    {
        var change = context.Message;
        var sku = change.Sku.ToUpperInvariant();
        await AdvisoryLocks.Take(db, "channel-price:", [$"{change.ChannelCode}/{sku}"], context.CancellationToken);
        var price = await db.ChannelPrices.FindAsync([change.ChannelCode, sku], context.CancellationToken)
                    ?? db.ChannelPrices.Add(new ChannelPrice { ChannelCode = change.ChannelCode, Sku = sku, ChangedAt = DateTime.MinValue }).Entity;
        if (change.ChangedAt >= price.ChangedAt)
        {
            (price.Listed, price.Price, price.ChangedAt) = (change.Listed, change.Price, change.ChangedAt);
        }
    }
}

/// <summary>Prices an order for the Order service's check, exactly as a quote for its channel at its placedAt would.</summary>
public sealed class PriceOrderConsumer(CatalogDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, Quoting quoting) : InboxConsumer<PriceOrder>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<PriceOrder> context)
    {
        var order = context.Message;
        var (quote, errors) = await quoting.Price(order.ChannelCode, order.PlacedAt.UtcDateTime,
            [.. order.Lines.Select(l => new QuoteLineRequest(l.Sku, l.Quantity))], context.CancellationToken);
        var problem = quote is null ? errors.Describe()
            : !quote.Currency.Equals(order.Currency, StringComparison.OrdinalIgnoreCase) ? $"the catalog prices these products in {quote.Currency}, the order is in {order.Currency}"
            : null;
        Outbox.Publish(new OrderPriced
        {
            OrderId = order.OrderId,
            Problem = problem,
            Lines = problem is not null ? [] : [.. quote!.Lines.Select(l => new OrderPricedLine
            {
                Sku = l.Sku, Quantity = l.Quantity, ChannelPrice = l.ChannelPrice, Discount = l.Discount, NetAmount = l.NetAmount, Promotions = l.Promotions,
            })],
        }, order.OrderId.ToString());
    }
}
