using System.Text;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Intake.Formats;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Orders;

namespace OmniRetail.ChannelConnector.Intake;

/// <summary>
/// Makes a channel's order durable before the channel gets its answer. One external order is one
/// OmniRetail order, however often and however concurrently it is delivered: the unique key
/// (channel, external id) decides, and only the delivery that inserted the row publishes the order.
/// </summary>
public sealed class IntakeStore(ChannelDbContext db, TransactionalOutbox outbox, PersonalDataProtector protector, TimeProvider clock)
{
    /// <summary>The shopper's tracking token of an order the intake took in (the same for every delivery of it).</summary>
    public string TrackingToken(Guid orderId) => protector.TrackingToken(orderId);

    public sealed record Accepted(Guid OrderId, bool Duplicate);

    public sealed class IdempotencyKeyReusedException(string key) : Exception($"Idempotency-Key '{key}' was used for a different order.");

    /// <remarks>
    /// The intake row and the <see cref="OrderSubmitted"/> it publishes go to the database in one batch and one
    /// transaction. A delivery of an order already taken in (or a reused Idempotency-Key) violates a unique index,
    /// changes nothing, and is answered from the row that is there; a concurrent duplicate waits for the first
    /// delivery's commit and then gets the same answer.
    /// </remarks>
    public async Task<Accepted> Accept(
        Channel channel, ChannelOrder order, string format, byte[] rawBody, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var orderId = Guid.CreateVersion7();
        db.Intakes.Add(new OrderIntake
        {
            OrderId = orderId,
            ChannelCode = channel.Code,
            ExternalId = order.ExternalId,
            Format = format,
            IdempotencyKey = idempotencyKey,
            ProtectedPayload = protector.Protect(Encoding.UTF8.GetString(rawBody)),
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        });
        outbox.Publish(new OrderSubmitted
        {
            OrderId = orderId,
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
            PromisedDeliveryDays = channel.PromisedDeliveryDays,
            TrackingToken = TrackingToken(orderId),
        }, orderId.ToString());
        if (order.PaymentStatus == PaymentStatus.Paid)
        {
            // Submitted paid: a later webhook saying so again is no news.
            db.OrderReports.Add(new ChannelOrderReport
            {
                ChannelCode = channel.Code, ExternalId = order.ExternalId, Change = ChannelOrderReport.Paid, Topic = format, ReceivedAt = clock.GetUtcNow().UtcDateTime,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new Accepted(orderId, Duplicate: false);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.ChangeTracker.Clear();
            return await Existing(channel.Code, order.ExternalId, idempotencyKey, cancellationToken);
        }
    }

    private async Task<Accepted> Existing(string channelCode, string externalId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var intakes = db.Intakes.AsNoTracking().Where(intake => intake.ChannelCode == channelCode);
        var taken = await (idempotencyKey is null
                ? intakes.Where(intake => intake.ExternalId == externalId)
                : intakes.Where(intake => intake.ExternalId == externalId || intake.IdempotencyKey == idempotencyKey))
            .Select(intake => new { intake.OrderId, intake.ExternalId, intake.IdempotencyKey })
            .ToListAsync(cancellationToken);
        if (idempotencyKey is not null && taken.Any(intake => intake.IdempotencyKey == idempotencyKey && intake.ExternalId != externalId))
        {
            throw new IdempotencyKeyReusedException(idempotencyKey);
        }

        return new Accepted(taken.Single(intake => intake.ExternalId == externalId).OrderId, Duplicate: true);
    }

    public Task<Guid?> OrderIdOf(string channelCode, string externalId, CancellationToken cancellationToken) =>
        db.Intakes.Where(intake => intake.ChannelCode == channelCode && intake.ExternalId == externalId)
            .Select(intake => (Guid?)intake.OrderId).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// A change the channel reported about an accepted order (<see cref="ChannelOrderReport.Paid"/>, <see cref="ChannelOrderReport.Cancelled"/>),
    /// published once per order and change, however often and under whatever topic or delivery id the body arrives.
    /// </summary>
    /// <returns>Whether this report was the first of its change.</returns>
    public Task<bool> Report(Channel channel, string externalId, Guid orderId, string change, string topic, string? deliveryId, CancellationToken cancellationToken) =>
        db.InTransaction(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO channel_order_reports ("ChannelCode", "ExternalId", "Change", "Topic", "DeliveryId", "ReceivedAt")
                    VALUES ({channel.Code}, {externalId}, {change}, {Truncate(topic, 64)}, {Truncate(deliveryId, 128)}, {now}) ON CONFLICT DO NOTHING
                    """, cancellationToken) == 0)
            {
                return false;
            }

            object update = change == ChannelOrderReport.Paid
                ? new ChannelPaymentReported { OrderId = orderId }
                : new ChannelCancellationReported { OrderId = orderId, Reason = $"cancelled or refunded at {channel.Name}" };
            outbox.Publish(update, orderId.ToString());
            return true;
        }, cancellationToken);

    private static string? Truncate(string? value, int length) => value is { Length: > 0 } ? value[..Math.Min(value.Length, length)] : null;
}
