using MassTransit;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.Customer.Surveys;

namespace OmniRetail.Customer.Tickets;

/// <summary>A ticket's service-level timer: published by the outbox at the due time, so it fires after a restart too.</summary>
[RequiresSubscriber]
public sealed record TicketSlaDue(Guid TicketId, string Target);

/// <summary>Everything that happens to a ticket, whether staff, the customer or an event caused it.</summary>
public sealed class TicketDesk(CustomerDbContext db, CustomerVault vault, TransactionalOutbox outbox, SurveyIssuer surveys, IOptions<SlaOptions> sla, TimeProvider clock,
    Telemetry.CustomerMetrics metrics)
{
    /// <summary>Author of the first message of a ticket an event opened: it answers nobody, so it meets no target.</summary>
    public const string System = "system";

    public Ticket Open(CustomerAccount customer, string category, string priority, string subject, string message, string from, Guid? orderId, string? channel, string openedBy)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ticket = new Ticket
        {
            Id = NewId.NextGuid(), CustomerId = customer.Id, Category = category, Priority = priority, SealedSubject = vault.Seal(customer, subject),
            OrderId = orderId, Channel = channel, OpenedBy = openedBy,
        };
        SlaClock.Start(ticket, sla.Value.For(priority), now);
        db.Tickets.Add(ticket);
        db.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, From = from, SealedBody = vault.Seal(customer, message), At = now });
        ScheduleTimers(ticket);
        metrics.TicketOpened(category, priority, openedBy);
        return ticket;
    }

    public void AddMessage(Ticket ticket, CustomerAccount customer, string from, string body)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.TicketMessages.Add(new TicketMessage { TicketId = ticket.Id, From = from, SealedBody = vault.Seal(customer, body), At = now });
        ticket.UpdatedAt = now;
        if (from == TicketAuthors.Staff && ticket.FirstResponseAt is null)
        {
            ticket.FirstResponseAt = now;
            Record(ticket, SlaTargets.FirstResponse, now);
        }

        // Staff answering a new ticket opens it; the customer answering a pending one hands it back to staff.
        if ((from == TicketAuthors.Staff && ticket.Status == TicketStatus.New) || (from == TicketAuthors.Customer && ticket.Status == TicketStatus.Pending))
        {
            Move(ticket, customer, TicketStatus.Open);
        }
    }

    public void Move(Ticket ticket, CustomerAccount customer, string status)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var wasResolved = ticket.ResolvedAt is not null;
        if (SlaClock.Move(ticket, status, now))
        {
            ScheduleTimers(ticket);
        }

        Record(ticket, SlaTargets.FirstResponse, now);
        Record(ticket, SlaTargets.Resolution, now);
        if (!wasResolved && ticket.ResolvedAt is not null && customer.IsActive)
        {
            surveys.IssueAfterTicket(ticket, customer);
        }
    }

    /// <summary>A timer fired: the target is recorded as missed if it is (once), else nothing happens (it was met, or moved and timed anew).</summary>
    public void Check(Ticket ticket, string target)
    {
        // The outbox relay and this service may read the time a moment apart: a timer a hair early is on time.
        var now = clock.GetUtcNow().UtcDateTime;
        var due = target == SlaTargets.FirstResponse ? ticket.FirstResponseDueAt : ticket.ResolutionDueAt;
        Record(ticket, target, due > now && due - now < TimeSpan.FromSeconds(2) ? due : now);
    }

    private void Record(Ticket ticket, string target, DateTime now)
    {
        if (!SlaClock.Breaches(ticket, target, now))
        {
            return;
        }

        var due = target == SlaTargets.FirstResponse ? ticket.FirstResponseDueAt : ticket.ResolutionDueAt;
        if (target == SlaTargets.FirstResponse)
        {
            ticket.FirstResponseBreachedAt = now;
        }
        else
        {
            ticket.ResolutionBreachedAt = now;
        }

        metrics.SlaBreached(target, ticket.Priority);
        outbox.Publish(new Contracts.Customers.TicketSlaBreached
        {
            TicketId = ticket.Id, Number = ticket.Number, Target = target, Priority = ticket.Priority, DueAt = new DateTimeOffset(due, TimeSpan.Zero), BreachedAt = new DateTimeOffset(now, TimeSpan.Zero),
        }, partitionKey: ticket.Id.ToString());
    }

    private void ScheduleTimers(Ticket ticket)
    {
        if (ticket.FirstResponseAt is null && ticket.FirstResponseBreachedAt is null)
        {
            outbox.Schedule(new TicketSlaDue(ticket.Id, SlaTargets.FirstResponse), new DateTimeOffset(ticket.FirstResponseDueAt, TimeSpan.Zero));
        }

        if (ticket.ResolvedAt is null && ticket.ResolutionBreachedAt is null)
        {
            outbox.Schedule(new TicketSlaDue(ticket.Id, SlaTargets.Resolution), new DateTimeOffset(ticket.ResolutionDueAt, TimeSpan.Zero));
        }
    }
}
