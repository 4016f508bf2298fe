using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Order.Fulfilment;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Carriers;

public static class TrackingEndpoints
{
    public sealed record TrackingEventRequest(string? TrackingNumber, string? Status, DateTimeOffset? At, string? Location);

    public sealed record TrackingEventsRequest(TrackingEventRequest[]? Events);

    public sealed record TrackingEventsAccepted(int Accepted, int Duplicates, int Unknown);

    private const int MaxBodyBytes = 1 << 20;

    public static void MapTrackingEvents(this WebApplication app)
    {
        app.MapPost("/api/carriers/{code}/events", Receive).WithTags("Carriers").AllowAnonymous().ProducesValidationProblem()
            .WithSummary("A carrier's tracking events, signed X-Omni-Signature: sha256=<hex HMAC-SHA256 of the raw body with the carrier's secret>")
            .WithDescription("Body {events: [{trackingNumber, status: in_transit | out_for_delivery | delivered | failed_attempt | returned_to_sender, at, location}]}. " +
                             "Each event joins its shipment's timeline; the newest so far also acts as staff would: delivered delivers the shipment, failed_attempt and " +
                             "returned_to_sender mark delivery failed. The same trackingNumber, status and at again counts once; an older event arriving after a newer " +
                             "one changes no status. Tracking numbers of no shipment are answered 202 (counted as unknown) so the carrier does not retry them.");
    }

    private static async Task<IResult> Receive(
        string code, HttpRequest http, OrderDbContext db, PersonalDataProtector protector, TransactionalOutbox outbox, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var carrier = await db.Carriers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        // One answer for an unknown carrier and a wrong signature: nobody learns which carriers exist.
        if (carrier is null || !Signatures.IsValidHex(protector.Unprotect(carrier.ProtectedSecret), body, http.Headers["X-Omni-Signature"]))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or wrong signature",
                detail: "Sign the raw body: X-Omni-Signature: sha256=<hex HMAC-SHA256 with the carrier's secret>.");
        }

        if (body.Length > MaxBodyBytes)
        {
            return InputErrors.Single("events", $"send at most {MaxBodyBytes} bytes at a time");
        }

        TrackingEventsRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<TrackingEventsRequest>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException exception)
        {
            return InputErrors.Single(exception.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", "is not valid JSON for a tracking event");
        }

        var events = request?.Events ?? [];
        var errors = new InputErrors();
        if (events.Length is 0 or > 500)
        {
            errors.Add("events", "between 1 and 500 events are required");
        }

        for (var i = 0; i < events.Length; i++)
        {
            errors.Require(events[i].TrackingNumber, $"events[{i}].trackingNumber", 128);
            if (events[i].Status is not { } status || !TrackingStatuses.All.Contains(status))
            {
                errors.Add($"events[{i}].status", $"must be one of {string.Join(", ", TrackingStatuses.All)}");
            }

            if (events[i].At is null)
            {
                errors.Add($"events[{i}].at", "is required (when it happened, ISO 8601)");
            }

            if (events[i].Location is { Length: > 200 })
            {
                errors.Add($"events[{i}].location", "must be at most 200 characters");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await db.InTransaction(async () =>
        {
            var (accepted, duplicates, unknown) = (0, 0, 0);
            var numbers = events.Select(e => e.TrackingNumber!).Distinct().ToArray();
            var shipments = await db.ShipmentTracking.AsNoTracking().Where(t => t.Carrier == code && numbers.Contains(t.TrackingNumber)).ToDictionaryAsync(t => t.TrackingNumber, cancellationToken);
            foreach (var e in events)
            {
                if (!shipments.TryGetValue(e.TrackingNumber!, out var shipment))
                {
                    unknown++;
                    continue;
                }

                var at = e.At!.Value.UtcDateTime;
                var inserted = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO carrier_events ("Carrier", "TrackingNumber", "Status", "At", "Location", "ReceivedAt")
                    VALUES ({code}, {e.TrackingNumber}, {e.Status}, {at}, {e.Location}, {now}) ON CONFLICT DO NOTHING
                    """, cancellationToken);
                if (inserted == 0)
                {
                    duplicates++;
                    continue;
                }

                accepted++;
                outbox.Publish(new CarrierTrackingReported(shipment.OrderId, shipment.ShipmentId, code, e.TrackingNumber!, e.Status!, at, e.Location), shipment.OrderId.ToString());
            }

            return new TrackingEventsAccepted(accepted, duplicates, unknown);
        }, cancellationToken);
        if (outcome.Unknown > 0)
        {
            loggers.CreateLogger("OmniRetail.Order.Carriers").LogWarning("Carrier {Carrier} sent {Unknown} event(s) for tracking numbers of no shipment", code, outcome.Unknown);
        }

        return Results.Accepted(value: outcome);
    }
}
