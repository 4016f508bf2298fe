using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.ChannelConnector.Push;

public static class PushEndpoints
{
    public sealed record SyncEntry(DateTime At, string Sku, string Kind, string Value, long Sequence, string Status, int Attempt, string? ExternalId);

    public sealed record SyncStarted(string Channel, int Listings);

    public const string DeliveryRules =
        "Every availability, rule, listing or price change is pushed to each channel that lists the SKU, in the channel's own API. Durable (the wanted value is " +
        "stored with the change); per (channel, SKU) one request in flight and a burst coalesces to its latest value; `sequence` grows with every newer value, " +
        "so a channel never gets an older one after a newer; 408, 429 and 5xx are retried (quickly, honouring a short Retry-After, then after a growing wait, or " +
        "the Retry-After asked for); other 4xx are recorded and not retried; one channel failing delays no other.";

    public static void MapPush(this WebApplication app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Push to channels").LimitedToChannel();
        channels.MapPost("/{code}/sync", Sync).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("Pushes every listed SKU's stock and price to the channel again (full reconciliation)")
            .WithDescription(DeliveryRules);
        channels.MapGet("/{code}/sync-log", Log).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Each request sent to the channel, newest first: {at, sku, kind: stock | price | order.shipped | order.delivered | order.cancelled, value, sequence, status, attempt, externalId}; ?sku= or ?externalId= (an order) narrows it")
            .WithDescription("status is the channel's HTTP status, or what went wrong on the way (timeout, network: …, refused: …, skipped: …); attempt counts the tries " +
                             "of a value since the last one that settled. Paged with limit and cursor. " + DeliveryRules)
            .ProducesValidationProblem();
    }

    private static async Task<IResult> Sync(string code, ChannelDbContext db, PushPlanner planner, CancellationToken cancellationToken)
    {
        if (await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } channel)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel", detail: $"no channel with code '{code}'");
        }

        if (channel.ProtectedOutbound is null || !PushPlanner.PushedKinds.Contains(channel.Kind))
        {
            return InputErrors.Conflict("code", $"channel '{code}' has no outbound settings to push with (PUT /api/channels/{code}/outbound)");
        }

        await db.InTransaction(() => planner.Plan(PushScope.ForChannel(code), force: true, cancellationToken), cancellationToken);
        var listings = await db.Listings.CountAsync(l => l.ChannelCode == code && l.Listed, cancellationToken);
        return Results.Accepted($"/api/channels/{code}/sync-log", new SyncStarted(code, listings));
    }

    private static async Task<IResult> Log(string code, string? sku, string? externalId, int? limit, string? cursor, ChannelDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long before) is { } refusal)
        {
            return refusal;
        }

        var size = Paging.Size(limit);
        var query = db.SyncLog.AsNoTracking().Where(a => a.ChannelCode == code);
        if (sku is not null)
        {
            var normalized = sku.ToUpperInvariant();
            query = query.Where(a => a.Sku == normalized);
        }

        if (externalId is not null)
        {
            query = query.Where(a => a.OrderExternalId == externalId);
        }

        if (before > 0)
        {
            query = query.Where(a => a.Id < before);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, a => new SyncEntry(a.At, a.Sku, a.Kind, a.Value, a.Sequence, a.Status, a.Attempt, a.OrderExternalId), a => a.Id));
    }
}
