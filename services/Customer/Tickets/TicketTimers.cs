using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Customer.Persistence;

namespace OmniRetail.Customer.Tickets;

/// <summary>
/// A service-level timer came due. The ticket is read under its row lock, so a timer and a staff reply never cross;
/// a timer whose target moved later (the clock stopped meanwhile) does nothing: the restart scheduled a new one.
/// </summary>
public sealed class TicketSlaDueConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, TicketDesk desk)
    : InboxConsumer<TicketSlaDue>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<TicketSlaDue> context)
    {
        var ticket = await db.Tickets.FromSql($"""SELECT * FROM tickets WHERE "Id" = {context.Message.TicketId} FOR UPDATE""").SingleOrDefaultAsync(context.CancellationToken);
        if (ticket is not null)
        {
            desk.Check(ticket, context.Message.Target);
        }
    }
}
