using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Returns;

/// <summary>A warehouse Inventory announced: where returned goods may be received.</summary>
public sealed class KnownWarehouse
{
    public required string Code { get; set; }

    public string Name { get; set; } = "";
}

public sealed class WarehouseRegisteredConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics)
    : InboxConsumer<WarehouseRegistered>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<WarehouseRegistered> context)
    {
        var code = context.Message.Code.ToUpperInvariant();
        var known = await db.Warehouses.SingleOrDefaultAsync(w => w.Code == code, context.CancellationToken);
        if (known is null)
        {
            db.Warehouses.Add(known = new KnownWarehouse { Code = code });
        }

        known.Name = context.Message.Name;
    }
}
