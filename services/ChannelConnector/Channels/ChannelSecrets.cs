using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.ChannelConnector.Channels;

/// <summary>
/// <c>/api/channels/{code}/secrets</c>: rotating a channel's signing secret with an overlap. Add the new secret, give it
/// to the channel, and once the list shows it in use retire the old one.
/// </summary>
public static class ChannelSecrets
{
    public const int MinLength = 16;

    public sealed record SecretRequest(string? Secret);

    public sealed record SecretView(Guid Id, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RetiredAt);

    public static void MapChannelSecrets(this WebApplication app)
    {
        var secrets = app.MapGroup("/api/channels/{code}/secrets").WithTags("Channels").RequireAuthorization(StaffPolicies.Operations).LimitedToChannel();
        secrets.MapPost("/", Add).ProducesValidationProblem().Audited("channels.secret-added")
            .WithSummary("Adds a signing secret; every active secret verifies the channel's requests, the newest signs OmniRetail's own to the channel")
            .WithDescription($"At least {MinLength} characters; answers its id (the value is never shown back). 409 when the channel already has it.");
        secrets.MapGet("/", List).WithSummary("The channel's secrets, newest first: id, createdAt, lastUsedAt, retiredAt, never a value");
        secrets.MapDelete("/{id:guid}", Retire).Audited("channels.secret-retired")
            .WithSummary("Retires a secret at once: requests signed with it are refused (other instances of the service within 30 seconds)")
            .WithDescription("The last active secret cannot be retired (409): add its successor first.");
    }

    /// <summary>
    /// What registering a channel with <paramref name="secret"/> does: nothing when it is already an active secret, otherwise
    /// it becomes the only one.
    /// </summary>
    public static async Task Replace(ChannelDbContext db, PersonalDataProtector protector, string code, string secret, DateTime now)
    {
        var active = await db.Secrets.Where(s => s.ChannelCode == code && s.RetiredAt == null).ToListAsync();
        if (active.Any(s => Same(protector.Unprotect(s.ProtectedValue), secret)))
        {
            return;
        }

        active.ForEach(s => s.RetiredAt = now);
        db.Secrets.Add(new ChannelSecret { Id = Guid.NewGuid(), ChannelCode = code, ProtectedValue = protector.Protect(secret), CreatedAt = now });
    }

    private static async Task<IResult> Add(string code, SecretRequest request, ChannelDbContext db, PersonalDataProtector protector, ChannelDirectory directory,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Secret) || request.Secret.Length < MinLength || request.Secret.Length > 256)
        {
            return InputErrors.Single("secret", $"must be {MinLength} to 256 characters");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = await db.InTransaction(async () =>
        {
            if (await db.Channels.FromSql($"""SELECT * FROM channels WHERE "Code" = {code} FOR UPDATE""").AnyAsync(cancellationToken) is false)
            {
                return ((IResult?)NotFound(), null as ChannelSecret);
            }

            var active = await db.Secrets.Where(s => s.ChannelCode == code && s.RetiredAt == null).ToListAsync(cancellationToken);
            if (active.Any(s => Same(protector.Unprotect(s.ProtectedValue), request.Secret)))
            {
                return (InputErrors.Conflict("secret", "is already an active secret of the channel"), null);
            }

            var secret = db.Secrets.Add(new ChannelSecret { Id = Guid.NewGuid(), ChannelCode = code, ProtectedValue = protector.Protect(request.Secret), CreatedAt = now }).Entity;
            return (null, secret);
        }, cancellationToken);
        if (outcome.Item1 is { } refusal)
        {
            return refusal;
        }

        directory.Forget(code);
        return Results.Created($"/api/channels/{code}/secrets/{outcome.Item2!.Id}", View(outcome.Item2));
    }

    private static async Task<IResult> List(string code, ChannelDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Channels.AnyAsync(c => c.Code == code, cancellationToken))
        {
            return NotFound();
        }

        var secrets = await db.Secrets.AsNoTracking().Where(s => s.ChannelCode == code).OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
        return Results.Ok(new { items = secrets.Select(View) });
    }

    private static async Task<IResult> Retire(string code, Guid id, ChannelDbContext db, ChannelDirectory directory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var outcome = await db.InTransaction(async () =>
        {
            var active = await db.Secrets.FromSql($"""SELECT * FROM channel_secrets WHERE "ChannelCode" = {code} AND "RetiredAt" IS NULL ORDER BY "Id" FOR UPDATE""")
                .ToListAsync(cancellationToken);
            if (active.SingleOrDefault(s => s.Id == id) is not { } secret)
            {
                return await db.Secrets.AnyAsync(s => s.Id == id && s.ChannelCode == code, cancellationToken)
                    ? InputErrors.Conflict("id", "is retired already")
                    : NotFound();
            }

            if (active.Count == 1)
            {
                return InputErrors.Conflict("id", "is the channel's last active secret: add its successor first");
            }

            secret.RetiredAt = clock.GetUtcNow().UtcDateTime;
            return null;
        }, cancellationToken);
        directory.Forget(code);
        return outcome ?? Results.NoContent();
    }

    private static SecretView View(ChannelSecret secret) => new(secret.Id, secret.CreatedAt, secret.LastUsedAt, secret.RetiredAt);

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such channel or secret");

    private static bool Same(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
