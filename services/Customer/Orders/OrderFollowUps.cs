using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.Surveys;
using OmniRetail.Customer.Tickets;

namespace OmniRetail.Customer.Orders;

/// <summary>
/// What an order's facts set off, each once: points when it is delivered, the delivery survey after the delay, a
/// ticket when it could not be delivered. Runs after every event of the order, so the last fact to arrive triggers it.
/// </summary>
public sealed class OrderFollowUps(CustomerDbContext db, LoyaltyLedger loyalty, SurveyIssuer surveys, TicketDesk desk)
{
    public async Task Settle(CustomerOrder order, CancellationToken cancellationToken)
    {
        if (order.CustomerId is not { } customerId || !order.Placed)
        {
            return;
        }

        var delivered = order.DeliveredAt is not null && order.CancelledAt is null;
        var undeliverable = order.DeliveryFailedAt is not null && order.DeliveredAt is null && !order.DeliveryTicketOpened;
        if (!(delivered && (!order.PointsEarned || !order.SurveyScheduled)) && !undeliverable)
        {
            return;
        }

        // The customer the order's own event just found (or created, not yet saved) is at hand; any other is locked now.
        var customer = db.Customers.Local.SingleOrDefault(c => c.Id == customerId) ?? await CustomerRows.Lock(db, customerId, cancellationToken);
        if (customer is not { IsActive: true })
        {
            return;
        }

        if (delivered && !order.PointsEarned)
        {
            await loyalty.Earn(customer, order, cancellationToken);
            order.PointsEarned = true;
        }

        if (delivered && !order.SurveyScheduled)
        {
            surveys.ScheduleAfterDelivery(order);
            order.SurveyScheduled = true;
        }

        if (undeliverable)
        {
            desk.Open(customer, "delivery", TicketPriorities.High, $"Order {order.ExternalId} could not be delivered",
                order.DeliveryFailure ?? "The carrier could not deliver the order.", TicketDesk.System, order.OrderId, order.ChannelCode, openedBy: "delivery-failed");
            order.DeliveryTicketOpened = true;
        }
    }
}
