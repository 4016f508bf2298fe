using System.Text;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake.Formats;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake;

/// <summary>
/// Makes a channel's order durable before the channel gets its answer. One external order is one
/// OmniRetail order, however often and however concurrently it is delivered: the unique key
/// (channel, external id) decides, and only the delivery that inserted the row publishes the order.
/// </summary>
public sealed class IntakeStore(ChannelDbContext db, TransactionalOutbox outbox, PersonalDataProtector protector, TimeProvider clock)
{
    public sealed record Accepted(Guid OrderId, bool Duplicate);

    public sealed class IdempotencyKeyReusedException(string key) : Exception($"Idempotency-Key '{key}' was used for a different order.");

    public Task<Accepted> Accept(
        Channel channel, ChannelOrder order, string format, byte[] rawBody, string? idempotencyKey, CancellationToken cancellationToken) =>
        db.InTransaction(async () =>
        {
            if (idempotencyKey is not null && await db.Intakes.AnyAsync(
                    intake => intake.ChannelCode == channel.Code && intake.IdempotencyKey == idempotencyKey && intake.ExternalId != order.ExternalId,
                    cancellationToken))
            {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }

            var candidate = Guid.CreateVersion7();
            var inserted = await db.Database.SqlQuery<Guid>($"""
                INSERT INTO order_intakes ("OrderId", "ChannelCode", "ExternalId", "Format", "IdempotencyKey", "ProtectedPayload", "ReceivedAt")
                VALUES ({candidate}, {channel.Code}, {order.ExternalId}, {format}, {idempotencyKey}, {protector.Protect(Encoding.UTF8.GetString(rawBody))}, {clock.GetUtcNow().UtcDateTime})
                ON CONFLICT ("ChannelCode", "ExternalId") DO NOTHING
                RETURNING "OrderId" AS "Value"
                """).ToListAsync(cancellationToken);
            if (inserted.Count == 0)
            {
                var existing = await OrderIdOf(channel.Code, order.ExternalId, cancellationToken);
                return new Accepted(existing!.Value, Duplicate: true);
            }

            outbox.Publish(new OrderSubmitted
            {
                OrderId = candidate,
                ChannelCode = channel.Code,
                ChannelKind = channel.Kind,
                ExternalId = order.ExternalId,
                PlacedAt = order.PlacedAt,
                Currency = order.Currency,
                Customer = order.Customer,
                ShippingAddress = order.ShippingAddress,
                Lines = order.Lines,
                Discount = order.Discount,
                Shipping = order.Shipping,
                Tax = order.Tax,
                Total = order.Total,
                PaymentStatus = order.PaymentStatus,
                WarehousePriorities = channel.WarehousePriorities,
            }, candidate.ToString());
            return new Accepted(candidate, Duplicate: false);
        }, cancellationToken);

    public Task<Guid?> OrderIdOf(string channelCode, string externalId, CancellationToken cancellationToken) =>
        db.Intakes.Where(intake => intake.ChannelCode == channelCode && intake.ExternalId == externalId)
            .Select(intake => (Guid?)intake.OrderId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A later event about an accepted order (paid, cancelled at the channel), published once per webhook
    /// delivery: a retried delivery (same delivery id) publishes nothing.
    /// </summary>
    public Task Report<T>(string channelCode, string? deliveryId, string topic, T update, Guid orderId, CancellationToken cancellationToken)
        where T : class =>
        db.InTransaction(async () =>
        {
            if (string.IsNullOrWhiteSpace(deliveryId) || await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO webhook_deliveries ("ChannelCode", "DeliveryId", "Topic", "ReceivedAt")
                    VALUES ({channelCode}, {deliveryId}, {topic}, {clock.GetUtcNow().UtcDateTime}) ON CONFLICT DO NOTHING
                    """, cancellationToken) == 1)
            {
                outbox.Publish(update, orderId.ToString());
            }
        }, cancellationToken);
}
