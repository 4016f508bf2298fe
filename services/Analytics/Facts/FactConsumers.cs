using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Persistence;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Customers;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.Analytics.Facts;

// The events reports are built from, through the inbox (a redelivered event counts once). Each type has its own queue,
// so they arrive in any order: whichever comes first creates the order's row and each fills in its own facts.

public sealed class OrderPlacedConsumer(AnalyticsDbContext db, MessagingMetrics metrics) : InboxBatchConsumer<OrderPlaced>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<OrderPlaced>> messages)
    {
        var orders = await OrderFacts.FindOrAdd(db, messages.Select(m => m.Message.OrderId).ToList(), messages[0].CancellationToken);
        foreach (var placed in messages.Select(m => m.Message))
        {
            var order = orders[placed.OrderId];
            if (order.Placed)
            {
                continue;
            }

            order.Channel = placed.ChannelCode;
            order.ChannelKind = placed.ChannelKind;
            order.PlacedAt = placed.PlacedAt.UtcDateTime;
            order.Currency = placed.Currency;
            order.CustomerReference = placed.CustomerReference;
            order.ShipToCountry = placed.ShipToCountry;
            order.Lines = placed.Lines.Select(line => new FactLine(line.Sku.ToUpperInvariant(), line.Quantity, line.NetAmount)).ToList();
            order.NetAmount = placed.Lines.Sum(line => line.NetAmount);
            order.Units = placed.Lines.Sum(line => line.Quantity);
        }
    }
}

public sealed class OrderShippedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<OrderShipped>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderShipped> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        // The first time it left is when it shipped (a failed delivery sent out again does not move it).
        order.ShippedAt = order.ShippedAt is { } known && known < context.Message.ShippedAt.UtcDateTime ? known : context.Message.ShippedAt.UtcDateTime;
    }
}

public sealed class OrderDeliveredConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<OrderDelivered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderDelivered> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.DeliveredAt ??= context.Message.DeliveredAt.UtcDateTime;
    }
}

public sealed class OrderCancelledConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<OrderCancelled>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderCancelled> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.CancelledAt ??= context.Message.CancelledAt.UtcDateTime;
    }
}

public sealed class RefundIssuedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<RefundIssued>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<RefundIssued> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.RefundedAmount += context.Message.Amount;
    }
}

public sealed class ReturnReceivedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<ReturnReceived>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ReturnReceived> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.UnitsReturned += context.Message.Lines.Sum(line => line.Quantity);
    }
}

public sealed class ChannelRegisteredConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<ChannelRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ChannelRegistered> context)
    {
        var registered = context.Message;
        var channel = await db.Channels.FindAsync([registered.Code], context.CancellationToken);
        if (channel is null)
        {
            db.Channels.Add(channel = new ChannelFact { Code = registered.Code });
        }

        (channel.Kind, channel.Presence, channel.Ownership) = (registered.Kind, registered.Presence, registered.Ownership);
    }
}

public sealed class ProductRegisteredConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<ProductRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ProductRegistered> context)
    {
        var sku = context.Message.Sku.ToUpperInvariant();
        var product = await db.Products.FindAsync([sku], context.CancellationToken);
        if (product is null)
        {
            db.Products.Add(product = new ProductFact { Sku = sku });
        }

        product.Name = context.Message.Name;
        product.Categories = [.. context.Message.Categories];
        (product.ListPrice, product.Currency) = (context.Message.Price, context.Message.Currency);
    }
}

public sealed class ChannelActivityConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<ChannelActivityReported>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ChannelActivityReported> context)
    {
        // The same event reported again (a channel retrying a batch) is one row: the unique key skips it.
        foreach (var chunk in context.Message.Events.Chunk(500))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"({{{i * 5}}}, {{{i * 5 + 1}}}, {{{i * 5 + 2}}}, {{{i * 5 + 3}}}, {{{i * 5 + 4}}})"));
            var parameters = chunk.SelectMany(e => new object[] { context.Message.ChannelCode, e.SessionId, e.Type, e.Sku ?? "", e.At.UtcDateTime }).ToArray();
            // Only numbered placeholders go into the text; every value is a parameter.
            var sql = "INSERT INTO activity_facts (\"Channel\", \"SessionId\", \"Type\", \"Sku\", \"At\") VALUES " + values + " ON CONFLICT DO NOTHING";
            await db.Database.ExecuteSqlRawAsync(sql, parameters, context.CancellationToken);
        }
    }
}

public sealed class SurveyAnsweredConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<SurveyAnswered>(db, outbox, metrics)
{
    protected override Task Handle(ConsumeContext<SurveyAnswered> context)
    {
        db.Surveys.Add(new SurveyFact { Kind = context.Message.Kind, Score = context.Message.Score, Channel = context.Message.Channel, AnsweredAt = context.Message.AnsweredAt.UtcDateTime });
        return Task.CompletedTask;
    }
}

public sealed class CustomerOrderLinkedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<CustomerOrderLinked>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<CustomerOrderLinked> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.CustomerId = context.Message.CustomerId;
    }
}

/// <summary>A merged-away customer's orders are the survivor's (a link arriving after the merge is moved by the next one).</summary>
public sealed class CustomersMergedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<CustomersMerged>(db, outbox, metrics)
{
    protected override Task Handle(ConsumeContext<CustomersMerged> context) =>
        db.Orders.Where(o => o.CustomerId == context.Message.MergedId)
            .ExecuteUpdateAsync(o => o.SetProperty(x => x.CustomerId, context.Message.SurvivorId), context.CancellationToken);
}

public sealed class PromotionChangedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<PromotionChanged>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<PromotionChanged> context)
    {
        var changed = context.Message;
        var promotion = await db.Promotions.FindAsync([changed.Code], context.CancellationToken);
        if (promotion is null)
        {
            db.Promotions.Add(promotion = new PromotionFact { Code = changed.Code });
        }

        promotion.Name = changed.Name ?? promotion.Name;
        (promotion.StartsAt, promotion.EndsAt) = (changed.StartsAt, changed.EndsAt);
        promotion.Skus = [.. changed.Skus.Select(s => s.ToUpperInvariant())];
        promotion.Categories = [.. changed.Categories];
    }
}

/// <summary>The catalog priced a generic or store order: the promotions it applied, line by line, and what they took off.</summary>
public sealed class OrderPricedConsumer(AnalyticsDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<OrderPriced>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<OrderPriced> context)
    {
        var order = (await OrderFacts.FindOrAdd(db, [context.Message.OrderId], context.CancellationToken))[context.Message.OrderId];
        order.Promotions = context.Message.Lines.Where(line => line.Promotions.Count > 0)
            .Select(line => new AppliedPromotion(line.Sku.ToUpperInvariant(), line.Promotions, line.Discount)).ToList();
    }
}

/// <summary>Inventory's positions, in batches; an older position arriving after a newer one changes nothing.</summary>
public sealed class StockAvailabilityConsumer(AnalyticsDbContext db, MessagingMetrics metrics) : InboxBatchConsumer<StockAvailabilityChanged>(db, metrics)
{
    protected override async Task Handle(IReadOnlyList<ConsumeContext<StockAvailabilityChanged>> messages)
    {
        var skus = messages.Select(m => m.Message.Sku.ToUpperInvariant()).Distinct().ToList();
        var known = await db.Stock.Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, messages[0].CancellationToken);
        foreach (var position in messages.Select(m => m.Message))
        {
            var sku = position.Sku.ToUpperInvariant();
            var asOf = position.AsOf ?? DateTime.UtcNow;
            if (!known.TryGetValue(sku, out var stock))
            {
                db.Stock.Add(known[sku] = stock = new StockFact { Sku = sku, AsOf = DateTime.MinValue });
            }

            if (asOf >= stock.AsOf)
            {
                (stock.OnHand, stock.Available, stock.AsOf) = (position.OnHand, position.Available, asOf);
            }
        }
    }
}

internal static class OrderFacts
{
    /// <summary>
    /// The orders' rows under their locks, created empty by whichever event comes first: the insert waits for a racing
    /// one and then does nothing, so two events of a new order never fail on each other.
    /// </summary>
    public static async Task<Dictionary<Guid, OrderFact>> FindOrAdd(AnalyticsDbContext db, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var keys = ids.Distinct().Order().ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO order_facts ("OrderId", "Channel", "ChannelKind", "Currency", "Lines", "NetAmount", "Units", "RefundedAmount", "UnitsReturned", "Promotions")
            SELECT id, '', '', '', '[]', 0, 0, 0, 0, '[]' FROM unnest({keys}) AS id ORDER BY id
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        return await db.Orders.FromSql($"""SELECT * FROM order_facts WHERE "OrderId" = ANY({keys}) ORDER BY "OrderId" FOR UPDATE""").ToDictionaryAsync(o => o.OrderId, cancellationToken);
    }
}
