using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Channels;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.ChannelConnector.Channels;

public static partial class ChannelEndpoints
{
    public sealed record ChannelRequest(string? Code, string? Name, string? Kind, string? Secret, string[]? WarehousePriorities);

    /// <summary>A channel as staff see it: the secret is write-only.</summary>
    public sealed record ChannelResponse(string Code, string Name, string Kind, string[] WarehousePriorities, DateTime RegisteredAt);

    public static void MapChannels(this WebApplication app)
    {
        var channels = app.MapGroup("/api/channels").WithTags("Channels");
        channels.MapPost("/", Register).RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Registers a sales channel, or updates it (name, secret, warehouse priorities) when the code exists");
        channels.MapGet("/", async (ChannelDbContext db) =>
                (await db.Channels.AsNoTracking().OrderBy(c => c.Code).ToListAsync()).Select(ToResponse))
            .RequireAuthorization(StaffPolicies.Staff);
        channels.MapGet("/{code}/orders/{externalId}/payload", Payload).RequireAuthorization(StaffPolicies.Operations)
            .WithSummary("The order exactly as the channel delivered it, for audit (stored encrypted)");
    }

    private static async Task<IResult> Payload(string code, string externalId, ChannelDbContext db, PersonalDataProtector protector, CancellationToken cancellationToken) =>
        await db.Intakes.AsNoTracking().SingleOrDefaultAsync(i => i.ChannelCode == code && i.ExternalId == externalId, cancellationToken) is { } intake
            ? Results.Text(protector.Unprotect(intake.ProtectedPayload), "application/json")
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No order {externalId} from channel {code}");

    private static async Task<IResult> Register(
        ChannelRequest request, ChannelDbContext db, PersonalDataProtector protector, ChannelDirectory directory, TimeProvider clock)
    {
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

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var channel = await db.Channels.FindAsync(request.Code);
        var created = channel is null;
        channel ??= db.Channels.Add(new Channel
        {
            Code = request.Code!, Name = "", Kind = "", ProtectedSecret = "", RegisteredAt = clock.GetUtcNow().UtcDateTime,
        }).Entity;
        channel.Name = request.Name!.Trim();
        channel.Kind = request.Kind!;
        channel.ProtectedSecret = protector.Protect(request.Secret!);
        channel.WarehousePriorities = (request.WarehousePriorities ?? []).Select(w => w.Trim().ToUpperInvariant()).ToArray();
        await db.SaveChangesAsync();
        directory.Forget(channel.Code);
        return created ? Results.Created($"/api/channels/{channel.Code}", ToResponse(channel)) : Results.Ok(ToResponse(channel));
    }

    private static ChannelResponse ToResponse(Channel channel) =>
        new(channel.Code, channel.Name, channel.Kind, channel.WarehousePriorities, channel.RegisteredAt);

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex CodePattern();
}
