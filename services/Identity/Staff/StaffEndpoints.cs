using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.SignIn;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.Staff;

/// <summary><c>/api/staff/users</c>: admins manage staff accounts, their roles and the channels and warehouses they are limited to.</summary>
public static partial class StaffEndpoints
{
    public sealed record CreateRequest(string? Username, string? DisplayName, string? InitialPassword, string[]? Roles, string[]? Channels, string[]? Warehouses);

    public sealed record RolesRequest(string[]? Roles, string[]? Channels, string[]? Warehouses);

    public sealed record ResetRequest(string? InitialPassword);

    /// <summary>An account as admins see it: never a password, hash or secret.</summary>
    public sealed record StaffUserView(
        string Username, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Channels, IReadOnlyList<string> Warehouses, bool Disabled,
        bool PasswordChangeRequired, bool MfaEnabled, DateTime? LockedUntil, DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastSignInAt)
    {
        public static StaffUserView Of(StaffUser user) => new(user.Username, user.DisplayName, user.Roles, user.Channels, user.Warehouses, user.Disabled,
            user.PasswordChangeRequired, user.MfaEnabled, user.LockedUntil, user.CreatedAt, user.UpdatedAt, user.LastSignInAt);
    }

    public static void MapStaff(this WebApplication app)
    {
        var users = app.MapGroup("/api/staff/users").WithTags("Staff").RequireAuthorization(StaffPolicies.Admin);
        users.MapPost("/", Create).ProducesValidationProblem().Audited("staff.user-created")
            .WithSummary("Creates a staff account; the user must change the initial password before the first sign-in")
            .WithDescription($"""
                `roles`: one or more of {string.Join(" | ", StaffRoles.All)} (what each may call: the permission table in the README). `channels` and
                `warehouses`: the codes the user is limited to, empty for all: a user limited to channel A gets 404 for channel B's orders, customers
                and listings and sees only A in lists and reports; a user limited to warehouses sees and acts on their shipments, stock and transfers only.
                `username`: 3 to 64 of a-z, 0-9, dot, dash, underscore. Password rules: see POST /api/auth/password. 409 when the name is taken.
                """);
        users.MapGet("/", List).WithSummary("Every staff account, by user name (never a password or hash)");
        users.MapGet("/{username}", Get).WithSummary("One staff account");
        users.MapPost("/{username}/disable", Disable).Audited("staff.user-disabled")
            .WithSummary("Disables the account and signs it out everywhere (its refresh tokens are revoked; access tokens run out within their lifetime)");
        users.MapPost("/{username}/enable", Enable).Audited("staff.user-enabled").WithSummary("Enables a disabled account again");
        users.MapPost("/{username}/reset-password", ResetPassword).ProducesValidationProblem().Audited("staff.password-reset")
            .WithSummary("Sets a new initial password that the user must change first; unlocks the account and signs it out everywhere");
        users.MapPost("/{username}/reset-mfa", ResetMfa).Audited("staff.mfa-reset")
            .WithSummary("Removes the user's second factor and recovery codes (a lost phone); an admin must enrol again at the next sign-in");
        users.MapPut("/{username}/roles", SetRoles).ProducesValidationProblem().Audited("staff.roles-changed")
            .WithSummary("Replaces the user's roles, channels and warehouses; they apply from the user's next sign-in or refresh")
            .WithDescription("The last enabled admin keeps the admin role (409).");
    }

    private static async Task<IResult> Create(CreateRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var username = Username(request.Username, errors);
        errors.Require(request.DisplayName, "displayName", 128);
        if (PasswordPolicy.Shipped.Problem(request.InitialPassword, username ?? "") is { } problem)
        {
            errors.Add("initialPassword", problem);
        }

        var access = Access(request.Roles, request.Channels, request.Warehouses, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = new StaffUser
        {
            Username = username!, DisplayName = request.DisplayName!.Trim(), Roles = access.Roles, Channels = access.Channels, Warehouses = access.Warehouses,
            PasswordChangeRequired = true, CreatedAt = now, UpdatedAt = now,
        };
        user.PasswordHash = SignInEndpoints.HashPassword(user, request.InitialPassword!);
        var created = await db.InTransaction(async () =>
        {
            if (await db.Users.AnyAsync(u => u.Username == user.Username, cancellationToken))
            {
                return false;
            }

            db.Users.Add(user);
            return true;
        }, cancellationToken);
        return created
            ? Results.Created($"/api/staff/users/{user.Username}", StaffUserView.Of(user))
            : InputErrors.Conflict("username", "is taken by another account");
    }

    private static async Task<IResult> List(IdentityDbContext db, CancellationToken cancellationToken) =>
        Results.Ok(new { items = (await db.Users.AsNoTracking().OrderBy(u => u.Username).ToListAsync(cancellationToken)).Select(StaffUserView.Of) });

    private static async Task<IResult> Get(string username, IdentityDbContext db, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Username == username.ToLowerInvariant(), cancellationToken) is { } user
            ? Results.Ok(StaffUserView.Of(user))
            : NotFound();

    private static Task<IResult> Disable(string username, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        Change(db, username, clock, cancellationToken, async (user, now) =>
        {
            if (user.IsAdmin && !user.Disabled && !await OtherEnabledAdmin(db, user.Username, cancellationToken))
            {
                return InputErrors.Conflict("username", "is the last enabled admin");
            }

            user.Disabled = true;
            await SignInEndpoints.RevokeUser(db, user.Username, now, cancellationToken);
            return null;
        });

    private static Task<IResult> Enable(string username, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        Change(db, username, clock, cancellationToken, (user, _) =>
        {
            user.Disabled = false;
            return Task.FromResult<IResult?>(null);
        });

    private static Task<IResult> ResetPassword(string username, ResetRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (PasswordPolicy.Shipped.Problem(request.InitialPassword, username.ToLowerInvariant()) is { } problem)
        {
            return Task.FromResult(InputErrors.Single("initialPassword", problem));
        }

        return Change(db, username, clock, cancellationToken, async (user, now) =>
        {
            user.PasswordHash = SignInEndpoints.HashPassword(user, request.InitialPassword!);
            (user.PasswordChangeRequired, user.FailedSignIns, user.LockedUntil) = (true, 0, null);
            await SignInEndpoints.RevokeUser(db, user.Username, now, cancellationToken);
            return null;
        });
    }

    private static Task<IResult> ResetMfa(string username, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        Change(db, username, clock, cancellationToken, async (user, now) =>
        {
            (user.MfaSecret, user.PendingMfaSecret) = (null, null);
            await db.RecoveryCodes.Where(c => c.Username == user.Username).ExecuteDeleteAsync(cancellationToken);
            await SignInEndpoints.RevokeUser(db, user.Username, now, cancellationToken);
            return null;
        });

    private static Task<IResult> SetRoles(string username, RolesRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var access = Access(request.Roles, request.Channels, request.Warehouses, errors);
        if (errors.Any)
        {
            return Task.FromResult(errors.ToProblem());
        }

        return Change(db, username, clock, cancellationToken, async (user, _) =>
        {
            if (user.IsAdmin && !access.Roles.Contains(StaffRoles.Admin) && !user.Disabled && !await OtherEnabledAdmin(db, user.Username, cancellationToken))
            {
                return InputErrors.Conflict("roles", "the last enabled admin keeps the admin role");
            }

            (user.Roles, user.Channels, user.Warehouses) = (access.Roles, access.Channels, access.Warehouses);
            return null;
        });
    }

    /// <summary>Changes one account under its row lock; <paramref name="change"/> answers a refusal, or null to save and answer the account.</summary>
    private static async Task<IResult> Change(IdentityDbContext db, string username, TimeProvider clock, CancellationToken cancellationToken,
        Func<StaffUser, DateTime, Task<IResult?>> change)
    {
        var name = username.ToLowerInvariant();
        return await db.InTransaction(async () =>
        {
            var user = await db.Users.FromSql($"""SELECT * FROM staff_users WHERE "Username" = {name} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (user is null)
            {
                return NotFound();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (await change(user, now) is { } refusal)
            {
                db.ChangeTracker.Clear();
                return refusal;
            }

            user.UpdatedAt = now;
            return Results.Ok(StaffUserView.Of(user));
        }, cancellationToken);
    }

    private static Task<bool> OtherEnabledAdmin(IdentityDbContext db, string username, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Username != username && !u.Disabled && u.Roles.Contains(StaffRoles.Admin), cancellationToken);

    private sealed record AccessRights(List<string> Roles, List<string> Channels, List<string> Warehouses);

    private static AccessRights Access(string[]? roles, string[]? channels, string[]? warehouses, InputErrors errors)
    {
        if (roles is not { Length: > 0 })
        {
            errors.Add("roles", $"needs at least one of {string.Join(", ", StaffRoles.All)}");
        }

        foreach (var (role, index) in (roles ?? []).Select((role, index) => (role, index)))
        {
            if (!StaffRoles.All.Contains(role))
            {
                errors.Add($"roles[{index}]", $"must be one of {string.Join(", ", StaffRoles.All)}");
            }
        }

        return new AccessRights([.. (roles ?? []).Distinct()], Codes(channels, "channels", errors), Codes(warehouses, "warehouses", errors));
    }

    private static List<string> Codes(string[]? codes, string field, InputErrors errors)
    {
        foreach (var (code, index) in (codes ?? []).Select((code, index) => (code, index)))
        {
            if (code is null || !CodePattern().IsMatch(code))
            {
                errors.Add($"{field}[{index}]", "must be a code of 1 to 64 letters, digits, dots, dashes or underscores");
            }
        }

        return [.. (codes ?? []).Where(code => code is not null).Distinct()];
    }

    private static string? Username(string? username, InputErrors errors)
    {
        var name = username?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("username", "is required");
        }
        else if (!UsernamePattern().IsMatch(name))
        {
            errors.Add("username", "must be 3 to 64 of a-z, 0-9, dot, dash and underscore, starting with a letter or digit");
        }

        return name;
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such staff account");

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex CodePattern();
}
