using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ChannelConnector.Push;
using OmniRetail.Contracts.Catalog;

namespace OmniRetail.ChannelConnector.Outbound;

/// <summary>A product's list price and status as the catalog last announced them: the price a channel shows unless its listing sets one.</summary>
public sealed class ListPrice
{
    public required string Sku { get; init; }

    public decimal Price { get; set; }

    public required string Currency { get; set; }

    /// <summary>A discontinued product is shown as 0 available on every channel.</summary>
    public bool Discontinued { get; set; }

    /// <summary>When the catalog changed it; an older announcement arriving late changes nothing. Null: the announcer predates the field.</summary>
    public DateTime? ChangedAt { get; set; }
}

public sealed class ProductRegisteredConsumer(ChannelDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, PushPlanner planner)
    : InboxConsumer<ProductRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(MassTransit.ConsumeContext<ProductRegistered> context)
    {
        var product = context.Message;
        var sku = product.Sku.ToUpperInvariant();
        await AdvisoryLocks.Take(db, "list-price:", [sku], context.CancellationToken);
        var price = await db.ListPrices.FindAsync([sku], context.CancellationToken)
                    ?? db.ListPrices.Add(new ListPrice { Sku = sku, Currency = product.Currency }).Entity;
        if (price.ChangedAt is { } known && product.ChangedAt is { } announced && announced < known)
        {
            return;
        }

        price.Price = product.Price;
        price.Currency = product.Currency.ToUpperInvariant();
        price.Discontinued = product.Status == ProductStatuses.Discontinued;
        price.ChangedAt = product.ChangedAt ?? price.ChangedAt;
        // The planner reads what it plans from: the new price has to be in the database first.
        await db.SaveChangesAsync(context.CancellationToken);
        await planner.Plan(PushScope.ForSkus([sku]), force: false, context.CancellationToken);
    }
}
