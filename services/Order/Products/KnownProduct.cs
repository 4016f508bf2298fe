using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Products;

/// <summary>The Order service's own copy of which SKUs exist, kept from Catalog's events (it never reads Catalog's tables).</summary>
public sealed class KnownProduct
{
    public required string Sku { get; init; }

    public required string Name { get; set; }

    /// <summary>One unit's shipping weight, what a parcel's carrier is chosen by; null until the catalog says.</summary>
    public int? WeightGrams { get; set; }
}

public sealed class ProductRegisteredConsumer(OrderDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<ProductRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<ProductRegistered> context)
    {
        var product = await db.KnownProducts.FindAsync([context.Message.Sku], context.CancellationToken);
        if (product is null)
        {
            db.KnownProducts.Add(new KnownProduct { Sku = context.Message.Sku, Name = context.Message.Name, WeightGrams = context.Message.WeightGrams });
        }
        else
        {
            product.Name = context.Message.Name;
            product.WeightGrams = context.Message.WeightGrams ?? product.WeightGrams;
        }
    }
}
