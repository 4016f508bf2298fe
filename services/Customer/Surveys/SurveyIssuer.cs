using System.Buffers.Text;
using System.Security.Cryptography;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.Tickets;

namespace OmniRetail.Customer.Surveys;

/// <summary><c>Customer:SurveyDelay</c> after delivery before the survey is issued (0 in Development); <c>Customer:SurveyLifetime</c> until it expires.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Customer";

    public TimeSpan SurveyDelay { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan SurveyLifetime { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>The delivery survey of an order comes due (scheduled at delivery plus the delay).</summary>
[RequiresSubscriber]
public sealed record DeliverySurveyDue(Guid OrderId);

/// <summary>
/// Issues surveys: a CSAT after each delivered order and each resolved ticket (once each), and an NPS with the
/// customer's first delivery of a calendar quarter.
/// </summary>
public sealed class SurveyIssuer(CustomerDbContext db, TransactionalOutbox outbox, IOptions<SurveyOptions> options, TimeProvider clock)
{
    public void ScheduleAfterDelivery(CustomerOrder order) =>
        outbox.Schedule(new DeliverySurveyDue(order.OrderId), new DateTimeOffset(order.DeliveredAt!.Value, TimeSpan.Zero) + options.Value.SurveyDelay);

    /// <summary>The customer's row must be locked by the caller: the quarter's one NPS survey is decided under it.</summary>
    public async Task IssueAfterDelivery(CustomerAccount customer, CustomerOrder order, CancellationToken cancellationToken)
    {
        if (await db.Surveys.AnyAsync(s => s.OrderId == order.OrderId && s.Trigger == SurveyTriggers.Delivery, cancellationToken))
        {
            return;
        }

        Add(customer.Id, SurveyKinds.Csat, SurveyTriggers.Delivery, order.OrderId, null, order.ChannelCode, null);
        var quarter = QuarterOf(order.DeliveredAt ?? clock.GetUtcNow().UtcDateTime);
        if (!await db.Surveys.AnyAsync(s => s.CustomerId == customer.Id && s.Kind == SurveyKinds.Nps && s.Quarter == quarter, cancellationToken))
        {
            Add(customer.Id, SurveyKinds.Nps, SurveyTriggers.Delivery, order.OrderId, null, order.ChannelCode, quarter);
        }
    }

    public void IssueAfterTicket(Ticket ticket, CustomerAccount customer)
    {
        if (!db.Surveys.Any(s => s.TicketId == ticket.Id) && !db.Surveys.Local.Any(s => s.TicketId == ticket.Id))
        {
            Add(customer.Id, SurveyKinds.Csat, SurveyTriggers.Ticket, ticket.OrderId, ticket.Id, ticket.Channel, null);
        }
    }

    /// <summary>2026-Q4.</summary>
    public static string QuarterOf(DateTime at) => $"{at.Year}-Q{(at.Month - 1) / 3 + 1}";

    private void Add(Guid customerId, string kind, string trigger, Guid? orderId, Guid? ticketId, string? channel, string? quarter)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Surveys.Add(new Survey
        {
            Token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), CustomerId = customerId, Kind = kind, Trigger = trigger, OrderId = orderId,
            TicketId = ticketId, Channel = channel, Quarter = quarter, IssuedAt = now, ExpiresAt = now + options.Value.SurveyLifetime,
        });
    }
}

public sealed class DeliverySurveyDueConsumer(CustomerDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics, SurveyIssuer surveys)
    : InboxConsumer<DeliverySurveyDue>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<DeliverySurveyDue> context)
    {
        if (await db.Orders.SingleOrDefaultAsync(o => o.OrderId == context.Message.OrderId, context.CancellationToken) is not { CustomerId: { } customerId } order
            || order.CancelledAt is not null)
        {
            return;
        }

        if (await CustomerRows.Lock(db, customerId, context.CancellationToken) is { IsActive: true } customer)
        {
            await surveys.IssueAfterDelivery(customer, order, context.CancellationToken);
        }
    }
}
