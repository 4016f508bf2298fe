using System.Text.Json;
using MassTransit;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Intake;

/// <summary>
/// Where channels report what shoppers do (sessions, product views, baskets, checkouts), signed like orders, so that
/// conversion can be measured. A batch is published whole to Analytics.
/// </summary>
public static class ActivityEndpoint
{
    public const int MaxEvents = 500;

    public sealed record AcceptedActivity(Guid BatchId, int Accepted);

    public static void MapActivity(this WebApplication app) =>
        app.MapPost("/api/channels/{code}/events", Report).WithTags("Order intake").AllowAnonymous()
            .WithSummary($"Shopper activity from a channel, at most {MaxEvents} events a batch; header X-Omni-Signature: sha256=<hex HMAC-SHA256 of the body>")
            .WithDescription($"Body: {{events: [{{type: {string.Join(" | ", ShopperActivityTypes.All)}, sessionId, sku?, at}}]}}. More than {MaxEvents} events: 413; an unknown type: 400 naming `events[i].type`. Conversion rate = orders ÷ sessions (GET /api/analytics/kpis).")
            .Produces<AcceptedActivity>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static async Task<IResult> Report(
        string code, HttpRequest request, ChannelDbContext db, ChannelDirectory channels, TransactionalOutbox outbox, CancellationToken cancellationToken)
    {
        var (channel, body, refusal) = await IntakeEndpoints.Authenticate(code, request, db, channels, [.. ChannelKinds.All],
            (secret, raw) => Signatures.IsValidHex(secret, raw, request.Headers["X-Omni-Signature"]), cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new InputErrors();
        var events = Read(body, errors);
        if (events is { Count: > MaxEvents })
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {MaxEvents} events a batch",
                detail: $"The batch holds {events.Count}; send them in batches of {MaxEvents} or fewer.");
        }

        if (errors.Any || events is null)
        {
            return errors.ToProblem();
        }

        var batch = NewId.NextGuid();
        await db.InTransaction(() =>
        {
            outbox.Publish(new ChannelActivityReported { BatchId = batch, ChannelCode = channel!.Code, Events = events }, partitionKey: channel.Code);
            return Task.CompletedTask;
        }, cancellationToken);
        return Results.Accepted(value: new AcceptedActivity(batch, events.Count));
    }

    private static List<ShopperActivity>? Read(byte[] body, InputErrors errors)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            errors.Add("body", "is not JSON");
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("events", "is required: an array of events");
            return null;
        }

        var events = new List<ShopperActivity>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"events[{i++}]";
            var type = Text(item, "type");
            var session = Text(item, "sessionId");
            var sku = Text(item, "sku");
            if (type is null || !ShopperActivityTypes.All.Contains(type))
            {
                errors.Add($"{path}.type", $"must be one of {string.Join(", ", ShopperActivityTypes.All)}");
            }

            if (session is not { Length: > 0 and <= 128 })
            {
                errors.Add($"{path}.sessionId", "is required (at most 128 characters)");
            }

            if (sku is { Length: > 64 })
            {
                errors.Add($"{path}.sku", "must be at most 64 characters");
            }

            DateTimeOffset at = default;
            if (Text(item, "at") is not { } when || !DateTimeOffset.TryParse(when, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out at))
            {
                errors.Add($"{path}.at", "is required: an ISO 8601 date-time");
            }

            if (type is not null && session is not null)
            {
                events.Add(new ShopperActivity { Type = type, SessionId = session, Sku = sku?.ToUpperInvariant(), At = at });
            }
        }

        return events;
    }

    private static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
