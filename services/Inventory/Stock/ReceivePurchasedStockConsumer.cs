using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;

namespace OmniRetail.Inventory.Stock;

/// <summary>A purchase order's goods were received (Supply): a receipt with the PO's number, serving backorders as any receipt does.</summary>
public sealed class ReceivePurchasedStockConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, BackorderQueue backorders)
    : InboxConsumer<ReceivePurchasedStock>(db, outbox, metrics)
{
    protected override Task Handle(ConsumeContext<ReceivePurchasedStock> context)
    {
        var receipt = context.Message;
        var lines = receipt.Lines.Where(line => line.Quantity > 0)
            .GroupBy(line => line.Sku.ToUpperInvariant())
            .Select(sku => new StockLine { Sku = sku.Key, Quantity = sku.Sum(line => line.Quantity) }).ToList();
        return ledger.Receive(receipt.Warehouse.ToUpperInvariant(), lines, receipt.Reference, backorders, context.CancellationToken);
    }
}
