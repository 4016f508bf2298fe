using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.ChannelConnector.Push;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.ChannelConnector.Channels;

public static partial class ChannelEndpoints
{
    public sealed record ChannelRequest(
        string? Code, string? Name, string? Kind, string? Secret, string[]? WarehousePriorities,
        string? ApiBaseUrl = null, string? AccessToken = null, string? ConsumerKey = null, string? ConsumerSecret = null, string? CallbackUrl = null,
        int? PromisedDeliveryDays = null, string? Presence = null, string? Ownership = null);

    /// <summary>A change to a channel's description: the fields left out stay as they are.</summary>
    public sealed record ChannelChange(string? Name, string? Presence, string? Ownership, int? PromisedDeliveryDays);

    public sealed record OutboundRequest(string? ApiBaseUrl, string? AccessToken, string? ConsumerKey, string? ConsumerSecret, string? CallbackUrl);

    /// <summary>A channel as staff see it: the secret and the outbound settings are write-only (only which outbound fields are set shows).</summary>
    public sealed record ChannelResponse(
        string Code, string Name, string Kind, string[] WarehousePriorities, DateTime RegisteredAt, IReadOnlyList<string> OutboundConfigured, int? PromisedDeliveryDays,
        string Presence, string Ownership);

    public static void MapChannels(this WebApplication app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Channels").LimitedToChannel();
        channels.MapPost("/", Register).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Registers a sales channel, or updates it (name, secret, warehouse priorities, promisedDeliveryDays, outbound settings) when the code exists")
            .WithDescription(OutboundDescription + " " + TypeDescription);
        channels.MapPut("/{code}", Change).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Changes a channel's name, presence, ownership or delivery promise (fields left out stay)")
            .WithDescription(TypeDescription);
        channels.MapGet("/", async (ChannelDbContext db, PersonalDataProtector protector, StaffScope scope) =>
                (await db.Channels.AsNoTracking().OrderBy(c => c.Code).ToListAsync()).Where(channel => scope.SeesChannel(channel.Code)).Select(channel => ToResponse(channel, protector)))
            .RequireAuthorization(StaffPolicies.Staff);
        channels.MapPut("/{code}/outbound", PutOutbound).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("How OmniRetail reaches the channel's API; stored encrypted and never shown back (all fields left out: cleared)")
            .WithDescription(OutboundDescription);
        channels.MapGet("/{code}/orders/{externalId}/payload", Payload).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("The order exactly as the channel delivered it, for audit (stored encrypted)");
    }

    private const string TypeDescription =
        "`presence`: online | offline (a store defaults to offline, every other kind to online); `ownership`: direct | indirect (default direct): the channel type reports break down by.";

    private const string OutboundDescription =
        "Outbound settings, stored encrypted and never shown back: `apiBaseUrl` and `accessToken` (shopify); `apiBaseUrl`, `consumerKey` and " +
        "`consumerSecret` (woocommerce); `callbackUrl` (generic). A URL must be absolute http(s); outside Development it may not name a loopback, " +
        "link-local or private address unless its host is in `Channels:Outbound:AllowedHosts`.";

    private static async Task<IResult> PutOutbound(
        string code, OutboundRequest request, ChannelDbContext db, PersonalDataProtector protector, OutboundUrlRule urls, ChannelDirectory directory,
        PushPlanner planner, CancellationToken cancellationToken)
    {
        if (await db.Channels.FindAsync([code], cancellationToken) is not { } channel)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel", detail: $"no channel with code '{code}'");
        }

        var settings = new OutboundSettings(request.ApiBaseUrl, request.AccessToken, request.ConsumerKey, request.ConsumerSecret, request.CallbackUrl);
        var errors = new InputErrors();
        settings.Check(channel.Kind, urls, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // A channel reached for the first time (or at a new address) is told every listed SKU's stock and price.
        await db.InTransaction(async () =>
        {
            var saved = await db.Channels.SingleAsync(c => c.Code == code, cancellationToken);
            saved.ProtectedOutbound = settings.IsEmpty ? null : protector.Protect(JsonSerializer.Serialize(settings, JsonSerializerOptions.Web));
            await db.SaveChangesAsync(cancellationToken);
            await planner.Plan(PushScope.ForChannel(code), force: true, cancellationToken);
            channel = saved;
        }, cancellationToken);
        directory.Forget(code);
        return Results.Ok(ToResponse(channel, protector));
    }

    private static async Task<IResult> Payload(string code, string externalId, ChannelDbContext db, PersonalDataProtector protector, CancellationToken cancellationToken) =>
        await db.Intakes.AsNoTracking().SingleOrDefaultAsync(i => i.ChannelCode == code && i.ExternalId == externalId, cancellationToken) is { } intake
            ? Results.Text(protector.Unprotect(intake.ProtectedPayload), "application/json")
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {externalId} from channel {code}");

    private static async Task<IResult> Register(
        ChannelRequest request, ChannelDbContext db, PersonalDataProtector protector, ChannelDirectory directory, OutboundUrlRule urls, PushPlanner planner,
        BuildingBlocks.Messaging.Outbox.TransactionalOutbox outbox, TimeProvider clock, StaffScope scope)
    {
        if (!scope.SeesChannel(request.Code))
        {
            return StaffScope.NotFound();
        }

        var outbound = new OutboundSettings(request.ApiBaseUrl, request.AccessToken, request.ConsumerKey, request.ConsumerSecret, request.CallbackUrl);
        var errors = new InputErrors().Require(request.Code, "code", 32).Require(request.Name, "name", 200).Require(request.Secret, "secret", 256);
        if (request.Code is { Length: > 0 } code && !CodePattern().IsMatch(code))
        {
            errors.Add("code", "may contain only lower-case letters, digits and '-'");
        }

        if (request.Kind is null || !ChannelKinds.All.Contains(request.Kind))
        {
            errors.Add("kind", $"must be one of {string.Join(", ", ChannelKinds.All)}");
        }

        if (request.Secret is { Length: > 0 and < 16 })
        {
            errors.Add("secret", "must be at least 16 characters");
        }

        if (request.Kind == ChannelKinds.Store && request.WarehousePriorities is not { Length: > 0 })
        {
            errors.Add("warehousePriorities", "a store channel names its own warehouse first");
        }

        if (request.Kind is not null && ChannelKinds.All.Contains(request.Kind))
        {
            outbound.Check(request.Kind, urls, errors);
        }

        if (request.PromisedDeliveryDays is < 0 or > 90)
        {
            errors.Add("promisedDeliveryDays", "must be between 0 and 90 days (or left out: no promise)");
        }

        CheckType(request.Presence, request.Ownership, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (channel, created) = await db.InTransaction(async () =>
        {
            var channel = await db.Channels.FindAsync(request.Code);
            var created = channel is null;
            channel ??= db.Channels.Add(new Channel
            {
                Code = request.Code!, Name = "", Kind = "", RegisteredAt = clock.GetUtcNow().UtcDateTime,
            }).Entity;
            channel.Name = request.Name!.Trim();
            channel.Kind = request.Kind!;
            await ChannelSecrets.Replace(db, protector, channel.Code, request.Secret!, clock.GetUtcNow().UtcDateTime);
            channel.WarehousePriorities = (request.WarehousePriorities ?? []).Select(w => w.Trim().ToUpperInvariant()).ToArray();
            channel.PromisedDeliveryDays = request.PromisedDeliveryDays;
            channel.Presence = request.Presence ?? (created ? Channel.DefaultPresence(channel.Kind) : channel.Presence);
            channel.Ownership = request.Ownership ?? channel.Ownership;
            outbox.Publish(channel.Announcement(), partitionKey: channel.Code);
            // Left out on re-registration: the outbound settings stay as they were.
            if (!outbound.IsEmpty)
            {
                channel.ProtectedOutbound = protector.Protect(JsonSerializer.Serialize(outbound, JsonSerializerOptions.Web));
            }

            await db.SaveChangesAsync();
            // Warehouses or settings may have changed what the channel should show; a new address hears everything.
            await planner.Plan(PushScope.ForChannel(channel.Code), force: !outbound.IsEmpty, CancellationToken.None);
            return (channel, created);
        }, CancellationToken.None);
        directory.Forget(channel.Code);
        return created ? Results.Created($"/api/channels/{channel.Code}", ToResponse(channel, protector)) : Results.Ok(ToResponse(channel, protector));
    }

    private static async Task<IResult> Change(string code, ChannelChange request, ChannelDbContext db, PersonalDataProtector protector, ChannelDirectory directory,
        BuildingBlocks.Messaging.Outbox.TransactionalOutbox outbox)
    {
        var errors = new InputErrors();
        if (request.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 200))
        {
            errors.Add("name", "must be 1 to 200 characters");
        }

        if (request.PromisedDeliveryDays is < 0 or > 90)
        {
            errors.Add("promisedDeliveryDays", "must be between 0 and 90 days");
        }

        CheckType(request.Presence, request.Ownership, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var channel = await db.InTransaction(async () =>
        {
            if (await db.Channels.FindAsync(code) is not { } found)
            {
                return null;
            }

            found.Name = request.Name?.Trim() ?? found.Name;
            found.Presence = request.Presence ?? found.Presence;
            found.Ownership = request.Ownership ?? found.Ownership;
            found.PromisedDeliveryDays = request.PromisedDeliveryDays ?? found.PromisedDeliveryDays;
            outbox.Publish(found.Announcement(), partitionKey: found.Code);
            return found;
        }, CancellationToken.None);
        if (channel is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No channel {code}");
        }

        directory.Forget(channel.Code);
        return Results.Ok(ToResponse(channel, protector));
    }

    private static void CheckType(string? presence, string? ownership, InputErrors errors)
    {
        if (presence is not null && !ChannelPresence.All.Contains(presence))
        {
            errors.Add("presence", $"must be one of {string.Join(", ", ChannelPresence.All)}");
        }

        if (ownership is not null && !ChannelOwnership.All.Contains(ownership))
        {
            errors.Add("ownership", $"must be one of {string.Join(", ", ChannelOwnership.All)}");
        }
    }

    private static ChannelResponse ToResponse(Channel channel, PersonalDataProtector protector) =>
        new(channel.Code, channel.Name, channel.Kind, channel.WarehousePriorities, channel.RegisteredAt, OutboundOf(channel, protector).Configured(), channel.PromisedDeliveryDays,
            channel.Presence, channel.Ownership);

    public static OutboundSettings OutboundOf(Channel channel, PersonalDataProtector protector) =>
        channel.ProtectedOutbound is null
            ? OutboundSettings.None
            : JsonSerializer.Deserialize<OutboundSettings>(protector.Unprotect(channel.ProtectedOutbound), JsonSerializerOptions.Web) ?? OutboundSettings.None;

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex CodePattern();
}
