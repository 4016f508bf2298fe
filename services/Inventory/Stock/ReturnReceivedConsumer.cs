using MassTransit;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Customers;
using OmniRetail.Inventory.Persistence;
using OmniRetail.Inventory.Reservations;

namespace OmniRetail.Inventory.Stock;

/// <summary>
/// Returned goods arrived (Customer): the resellable units go back on hand in the receiving warehouse with the ledger
/// reason "return" and the return's number, serving backorders as any receipt does; damaged units never reach stock.
/// </summary>
public sealed class ReturnReceivedConsumer(
    InventoryDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, StockLedger ledger, BackorderQueue backorders)
    : InboxConsumer<ReturnReceived>(db, outbox, metrics)
{
    protected override Task Handle(ConsumeContext<ReturnReceived> context)
    {
        var received = context.Message;
        return received.Resellable() is { Count: > 0 } lines
            ? ledger.Receive(received.Warehouse.ToUpperInvariant(), lines, received.Number, backorders, context.CancellationToken, MovementKinds.Return)
            : Task.CompletedTask;
    }
}
