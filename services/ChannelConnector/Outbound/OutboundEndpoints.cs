using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.ChannelConnector.Push;
using OmniRetail.Contracts.Channels;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.ChannelConnector.Outbound;

public static class OutboundEndpoints
{
    public sealed record ListingRequest(
        bool? Listed, decimal? Price, string? ExternalProductId, string? ExternalVariantId, string? ExternalInventoryItemId, string? ExternalLocationId);

    public sealed record ExposureRequest(int? Percent, int? BufferUnits, int? MinUnits, int? MaxUnits, int? LowStockThreshold);

    public const string Formula =
        "ats = available ≤ lowStockThreshold ? 0 : clamp(floor(available × percent / 100) − bufferUnits, minUnits, maxUnits), never below 0 and never above available; " +
        "available = on hand − reserved over the channel's warehouses (its warehouse priority list; every warehouse when it has none).";

    public static void MapOutbound(this WebApplication app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Listings and exposure").LimitedToChannel();
        channels.MapPut("/{code}/listings/{sku}", PutListing).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Which SKUs a channel sells, the channel's own ids for them and an optional channel price");
        channels.MapGet("/{code}/listings", async (string code, ChannelDbContext db, CancellationToken ct) =>
                Results.Ok(await db.Listings.AsNoTracking().Where(l => l.ChannelCode == code).OrderBy(l => l.Sku).ToListAsync(ct)))
            .RequireAuthorization(StaffPolicies.Staff);
        channels.MapPut("/{code}/exposure", PutChannelRule).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("How much of the available stock the channel may sell (percent 0–100, default 100; bufferUnits default 0; minUnits, maxUnits, lowStockThreshold optional)")
            .WithDescription(Formula);
        channels.MapPut("/{code}/exposure/{sku}", PutSkuRule).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("A SKU's exceptions to the channel's rule; a field left out inherits the channel's")
            .WithDescription(Formula);
        channels.MapGet("/{code}/availability/{sku}", Availability).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("The channel's available-to-sell for a SKU, with the rule and warehouses it was computed from")
            .WithDescription(Formula + " lastPushedValue and lastPushedAt: the stock the channel last accepted, and when (null until it accepted one).");
        channels.MapGet("/exposure", async (string? sku, AvailableToSell ats, StaffScope scope, CancellationToken ct) => scope.Channels is null
                ? Results.Ok(await ats.Exposure(sku?.ToUpperInvariant(), ct))
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Oversell exposure adds up every channel: it needs access to all of them"))
            .RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("Oversell exposure per listed SKU: the units shown across all channels minus the units available (users limited to some channels: 403)");
    }

    private static async Task<IResult> PutListing(
        string code, string sku, ListingRequest request, ChannelDbContext db, PushPlanner planner, TransactionalOutbox outbox, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken) is not { } channel)
        {
            return NoChannel(code);
        }

        var errors = new InputErrors();
        if (sku.Length > 64)
        {
            errors.Add("sku", "must be at most 64 characters");
        }

        if (request.Listed is null)
        {
            errors.Add("listed", "is required (true or false)");
        }

        if (request.Price is <= 0)
        {
            errors.Add("price", "must be more than 0 (or left out to use the list price)");
        }

        foreach (var (field, value) in new[]
                 {
                     ("externalProductId", request.ExternalProductId), ("externalVariantId", request.ExternalVariantId),
                     ("externalInventoryItemId", request.ExternalInventoryItemId), ("externalLocationId", request.ExternalLocationId),
                 })
        {
            if (value is { Length: > 128 })
            {
                errors.Add(field, "must be at most 128 characters");
            }
        }

        if (request.Listed == true)
        {
            // What the channel's API needs to be told about this SKU.
            var needed = channel.Kind switch
            {
                ChannelKinds.Shopify => new[] { ("externalInventoryItemId", request.ExternalInventoryItemId), ("externalLocationId", request.ExternalLocationId), ("externalVariantId", request.ExternalVariantId) },
                ChannelKinds.WooCommerce => [("externalProductId", request.ExternalProductId)],
                _ => [],
            };
            foreach (var (field, _) in needed.Where(n => string.IsNullOrWhiteSpace(n.Item2)))
            {
                errors.Add(field, $"a {channel.Kind} channel needs it to be told the SKU's stock and price");
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        sku = sku.ToUpperInvariant();
        var listing = await db.InTransaction(async () =>
        {
            var listing = await db.Listings.FindAsync([code, sku], cancellationToken) ?? db.Listings.Add(new Listing { ChannelCode = code, Sku = sku }).Entity;
            listing.Listed = request.Listed!.Value;
            listing.Price = request.Price;
            listing.ExternalProductId = request.ExternalProductId;
            listing.ExternalVariantId = request.ExternalVariantId;
            listing.ExternalInventoryItemId = request.ExternalInventoryItemId;
            listing.ExternalLocationId = request.ExternalLocationId;
            // The catalog prices this channel's baskets with it (quotes, and the check of generic and store orders).
            outbox.Publish(new ChannelListingChanged { ChannelCode = code, Sku = sku, Listed = listing.Listed, Price = listing.Price, ChangedAt = clock.GetUtcNow().UtcDateTime }, $"{code}/{sku}");
            await db.SaveChangesAsync(cancellationToken);
            await planner.Plan(PushScope.For(code, sku), force: false, cancellationToken);
            return listing;
        }, cancellationToken);
        return Results.Ok(listing);
    }

    private static async Task<IResult> PutChannelRule(string code, ExposureRequest request, ChannelDbContext db, PushPlanner planner, CancellationToken cancellationToken)
    {
        if (await db.Channels.FindAsync([code], cancellationToken) is null)
        {
            return NoChannel(code);
        }

        var rule = new ExposureRule
        {
            Percent = request.Percent ?? 100, BufferUnits = request.BufferUnits ?? 0, MinUnits = request.MinUnits, MaxUnits = request.MaxUnits,
            LowStockThreshold = request.LowStockThreshold,
        };
        if (Check(rule) is { Any: true } errors)
        {
            return errors.ToProblem();
        }

        await db.InTransaction(async () =>
        {
            var row = await db.ChannelExposures.FindAsync([code], cancellationToken) ?? db.ChannelExposures.Add(new ChannelExposure { ChannelCode = code, Rule = rule }).Entity;
            row.Rule = rule;
            await db.SaveChangesAsync(cancellationToken);
            await planner.Plan(PushScope.ForChannel(code), force: false, cancellationToken);
        }, cancellationToken);
        return Results.Ok(rule);
    }

    private static async Task<IResult> PutSkuRule(
        string code, string sku, ExposureRequest request, ChannelDbContext db, PushPlanner planner, CancellationToken cancellationToken)
    {
        var channelRule = await db.ChannelExposures.AsNoTracking().SingleOrDefaultAsync(e => e.ChannelCode == code, cancellationToken);
        if (channelRule is null && await db.Channels.FindAsync([code], cancellationToken) is null)
        {
            return NoChannel(code);
        }

        sku = sku.ToUpperInvariant();
        var overrides = new ExposureOverride(request.Percent, request.BufferUnits, request.MinUnits, request.MaxUnits, request.LowStockThreshold);
        var errors = sku.Length > 64 ? new InputErrors().Add("sku", "must be at most 64 characters") : Check((channelRule?.Rule ?? ExposureRule.Default).With(overrides));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        await db.InTransaction(async () =>
        {
            var row = await db.SkuExposures.FindAsync([code, sku], cancellationToken) ?? db.SkuExposures.Add(new SkuExposure { ChannelCode = code, Sku = sku, Override = overrides }).Entity;
            row.Override = overrides;
            await db.SaveChangesAsync(cancellationToken);
            await planner.Plan(PushScope.For(code, sku), force: false, cancellationToken);
        }, cancellationToken);
        return Results.Ok(overrides);
    }

    private static async Task<IResult> Availability(string code, string sku, ChannelDbContext db, AvailableToSell ats, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken) is { } channel
            ? Results.Ok(await ats.For(channel, sku.ToUpperInvariant(), cancellationToken))
            : NoChannel(code);

    private static InputErrors Check(ExposureRule rule)
    {
        var errors = new InputErrors();
        if (rule.Percent is < 0 or > 100)
        {
            errors.Add("percent", "must be between 0 and 100");
        }

        if (rule.BufferUnits < 0)
        {
            errors.Add("bufferUnits", "must be 0 or more");
        }

        if (rule.MinUnits < 0)
        {
            errors.Add("minUnits", "must be 0 or more");
        }

        if (rule.MaxUnits < 0 || rule.MaxUnits < rule.MinUnits)
        {
            errors.Add("maxUnits", "must be 0 or more and at least minUnits");
        }

        if (rule.LowStockThreshold < 0)
        {
            errors.Add("lowStockThreshold", "must be 0 or more");
        }

        return errors;
    }

    private static IResult NoChannel(string code) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel", detail: $"no channel with code '{code}'");
}
