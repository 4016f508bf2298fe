using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Contracts.Security;
using OmniRetail.Identity.Mfa;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.Staff;

namespace OmniRetail.Identity.SignIn;

/// <summary><c>/api/auth/*</c>: staff trade credentials for tokens, refresh and revoke them, and change their password.</summary>
public static class SignInEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password, string? Code, string? RecoveryCode);

    public sealed record RefreshRequest(string? RefreshToken);

    public sealed record PasswordRequest(string? Username, string? CurrentPassword, string? NewPassword, string? Code, string? RecoveryCode);

    /// <param name="RefreshToken">Null for a token that only opens multi-factor enrolment.</param>
    public sealed record TokenResponse(
        string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, int? RefreshExpiresIn, string? Role,
        IReadOnlyList<string> Roles, IReadOnlyList<string> Channels, IReadOnlyList<string> Warehouses, bool MfaEnrolmentRequired);

    public static void MapSignIn(this WebApplication app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in").AllowAnonymous();
        auth.MapPost("/token", Token).ProducesValidationProblem()
            .WithSummary("Trades a user name, password and second factor for an access token and a refresh token")
            .WithDescription($$"""
                { username, password, code } (the authenticator's 6-digit code), or { username, password, recoveryCode } for a user with a second factor.
                The access token is an ES256 JWT (check it with `/.well-known/jwks.json`), valid {{Defaults.AccessTokenLifetime.TotalMinutes:0}} minutes by default (Auth:AccessTokenLifetime); it
                carries `sub`, `role` (one per role), `channel` and `warehouse` (one per code the user is limited to; none: all). Answers: 401 (wrong
                user name or password; `mfaRequired: true` when the code is missing, wrong or already used: each code works once), 403 with
                `passwordChangeRequired: true` (an account an admin created or reset: change it with POST /api/auth/password first), 403 for a disabled
                account, 423 with `lockedUntil` after {{Defaults.MaxFailures}} wrong passwords or codes in a row (locked {{Defaults.LockDuration.TotalMinutes:0}} minutes by default, from any address). An admin
                without a second factor gets a token that only opens /api/auth/mfa/enrol and /confirm (`mfaEnrolmentRequired: true`).
                """);
        auth.MapPost("/refresh", Refresh).ProducesValidationProblem()
            .WithSummary("Trades a refresh token for a new pair; the old one is retired")
            .WithDescription("A retired refresh token presented again revokes every token of its sign-in (401): it was copied. Account changes (roles, scopes, disabling) apply from the next refresh.");
        auth.MapPost("/signout", SignOut).ProducesValidationProblem()
            .WithSummary("Revokes the refresh token and every token of its sign-in (204, also for a token already revoked)");
        auth.MapPost("/password", ChangePassword).ProducesValidationProblem()
            .WithSummary("Changes a password: { username, currentPassword, newPassword } (and code or recoveryCode once a second factor is on)")
            .WithDescription($"""
                The new password needs {PasswordPolicy.MinLength} to {PasswordPolicy.MaxLength} characters, at least {PasswordPolicy.MinDistinct} different ones,
                must not contain the user name and must not be a common password (a shipped list of 49,000, also with digits and symbols cut off its ends).
                Wrong current passwords count towards the lockout. Every refresh token of the user is revoked. 204.
                """);
    }

    private static readonly SignInOptions Defaults = new();

    private static readonly PasswordHasher<StaffUser> Hasher = new();

    /// <summary>Checked for names that do not exist, so that they take as long to refuse as real ones.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(new StaffUser(), "not-a-password-anyone-has");

    private static async Task<IResult> Token(TokenRequest request, IdentityDbContext db, AccessTokens tokens, PersonalDataProtector protector, SecurityEvents events,
        UnknownUserThrottle unknown, IOptions<SignInOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Username, "username", 64);
        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "is required");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var username = request.Username!.Trim().ToLowerInvariant();
        return await db.InTransaction(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var check = await Credentials(db, username, request.Password!, request.Code, request.RecoveryCode, protector, events, unknown, options.Value, now,
                SecurityEvents.SignIn, cancellationToken);
            if (check.Refusal is { } refusal)
            {
                return refusal;
            }

            var user = check.User!;
            if (user.PasswordChangeRequired)
            {
                events.Record(SecurityEvents.SignIn, username, user.Roles, "password-change-required");
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The password must be changed first",
                    detail: "Choose your own password with POST /api/auth/password.", extensions: new Dictionary<string, object?> { ["passwordChangeRequired"] = true });
            }

            user.LastSignInAt = now;
            var enrolmentOnly = user.IsAdmin && !user.MfaEnabled;
            events.Record(SecurityEvents.SignIn, username, user.Roles, enrolmentOnly ? "mfa-enrolment-required" : AuditOutcome.Succeeded);
            return Results.Ok(Issue(db, tokens, user, familyId: Guid.NewGuid(), check.SecondFactor, enrolmentOnly, options.Value, now));
        }, cancellationToken);
    }

    private static async Task<IResult> Refresh(RefreshRequest request, IdentityDbContext db, AccessTokens tokens, SecurityEvents events, IOptions<SignInOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return InputErrors.Single("refreshToken", "is required");
        }

        var hash = AccessTokens.RefreshHash(request.RefreshToken);
        return await db.InTransaction(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var token = await db.RefreshTokens.FromSql($"""SELECT * FROM refresh_tokens WHERE "Hash" = {hash} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
            {
                return Unauthorized("The refresh token is unknown, expired or revoked");
            }

            var user = await db.Users.FromSql($"""SELECT * FROM staff_users WHERE "Username" = {token.Username} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (token.RetiredAt is not null)
            {
                await RevokeFamily(db, token.FamilyId, now, cancellationToken);
                events.Record(SecurityEvents.RefreshReuse, token.Username, user?.Roles ?? [], "family-revoked");
                return Unauthorized("The refresh token was already used: every token of this sign-in is revoked; sign in again");
            }

            if (user is null || user.Disabled || user.LockedUntil > now || user.PasswordChangeRequired || (user.IsAdmin && !user.MfaEnabled))
            {
                await RevokeFamily(db, token.FamilyId, now, cancellationToken);
                events.Record(SecurityEvents.Refresh, token.Username, user?.Roles ?? [], AuditOutcome.Denied);
                return Unauthorized("The account can no longer sign in this way; sign in again");
            }

            token.RetiredAt = now;
            events.Record(SecurityEvents.Refresh, user.Username, user.Roles, AuditOutcome.Succeeded);
            return Results.Ok(Issue(db, tokens, user, token.FamilyId, secondFactor: user.MfaEnabled, enrolmentOnly: false, options.Value, now));
        }, cancellationToken);
    }

    private static async Task<IResult> SignOut(RefreshRequest request, IdentityDbContext db, SecurityEvents events, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.RefreshToken))
        {
            return InputErrors.Single("refreshToken", "is required");
        }

        var hash = AccessTokens.RefreshHash(request.RefreshToken);
        await db.InTransaction(async () =>
        {
            if (await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken) is { } token)
            {
                await RevokeFamily(db, token.FamilyId, clock.GetUtcNow().UtcDateTime, cancellationToken);
                events.Record(SecurityEvents.SignOut, token.Username, [], AuditOutcome.Succeeded);
            }
        }, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> ChangePassword(PasswordRequest request, IdentityDbContext db, PersonalDataProtector protector, SecurityEvents events,
        UnknownUserThrottle unknown, IOptions<SignInOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Username, "username", 64);
        if (string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "is required");
        }

        var username = request.Username?.Trim().ToLowerInvariant() ?? "";
        if (PasswordPolicy.Shipped.Problem(request.NewPassword, username) is { } problem)
        {
            errors.Add("newPassword", problem);
        }
        else if (request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "must differ from the current password");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await db.InTransaction(async () =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var check = await Credentials(db, username, request.CurrentPassword!, request.Code, request.RecoveryCode, protector, events, unknown, options.Value, now,
                SecurityEvents.PasswordChange, cancellationToken);
            if (check.Refusal is { } refusal)
            {
                return refusal;
            }

            var user = check.User!;
            user.PasswordHash = Hasher.HashPassword(user, request.NewPassword!);
            user.PasswordChangeRequired = false;
            user.UpdatedAt = now;
            await RevokeUser(db, username, now, cancellationToken);
            events.Record(SecurityEvents.PasswordChange, username, user.Roles, AuditOutcome.Succeeded);
            return Results.NoContent();
        }, cancellationToken);
    }

    private sealed record CredentialCheck(StaffUser? User, bool SecondFactor, IResult? Refusal);

    /// <summary>
    /// The password, then the second factor when the user has one, of a user row locked for the check. A wrong one counts
    /// towards the lockout (committed with the refusal); a disabled or locked account is refused whatever was given.
    /// </summary>
    private static async Task<CredentialCheck> Credentials(IdentityDbContext db, string username, string password, string? code, string? recoveryCode,
        PersonalDataProtector protector, SecurityEvents events, UnknownUserThrottle unknown, SignInOptions options, DateTime now, string action,
        CancellationToken cancellationToken)
    {
        var user = await db.Users.FromSql($"""SELECT * FROM staff_users WHERE "Username" = {username} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            if (unknown.LockedUntil(username) is { } until)
            {
                return new CredentialCheck(null, false, Locked(until.UtcDateTime));
            }

            Hasher.VerifyHashedPassword(new StaffUser(), DecoyHash, password);
            unknown.Failed(username);
            events.Record(action, username, [], "unknown-user");
            return new CredentialCheck(null, false, Unauthorized("Unknown user name or wrong password"));
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            events.Record(action, username, user.Roles, "locked");
            return new CredentialCheck(user, false, Locked(lockedUntil));
        }

        var verified = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verified == PasswordVerificationResult.Failed)
        {
            return new CredentialCheck(user, false, Failed(user, events, options, now, action, Unauthorized("Unknown user name or wrong password")));
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = Hasher.HashPassword(user, password);
        }

        if (user.Disabled)
        {
            events.Record(action, username, user.Roles, "disabled");
            return new CredentialCheck(user, false, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The account is disabled"));
        }

        var secondFactor = false;
        if (user.MfaEnabled)
        {
            if (string.IsNullOrEmpty(code) && string.IsNullOrEmpty(recoveryCode))
            {
                events.Record(action, username, user.Roles, "mfa-required");
                return new CredentialCheck(user, false, MfaRequired("A code from the authenticator (code) or a recovery code (recoveryCode) is required"));
            }

            if (!string.IsNullOrEmpty(code))
            {
                if (TotpCodes.Accept(protector.Unprotect(user.MfaSecret!), code, now, user.LastTotpStep) is not { } step)
                {
                    return new CredentialCheck(user, false, Failed(user, events, options, now, action, MfaRequired("The code is wrong, or was already used: wait for the next one")));
                }

                user.LastTotpStep = step;
            }
            else
            {
                var hash = RecoveryCodes.Hash(recoveryCode!);
                var used = await db.RecoveryCodes.Where(c => c.Username == username && c.Hash == hash && c.UsedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.UsedAt, now), cancellationToken);
                if (used == 0)
                {
                    return new CredentialCheck(user, false, Failed(user, events, options, now, action, MfaRequired("The recovery code is wrong or was already used")));
                }
            }

            secondFactor = true;
        }

        user.FailedSignIns = 0;
        user.LockedUntil = null;
        return new CredentialCheck(user, secondFactor, null);
    }

    private static IResult Failed(StaffUser user, SecurityEvents events, SignInOptions options, DateTime now, string action, IResult refusal)
    {
        user.FailedSignIns++;
        if (user.FailedSignIns >= options.MaxFailures)
        {
            user.FailedSignIns = 0;
            user.LockedUntil = now + options.LockDuration;
            events.Record(SecurityEvents.Lockout, user.Username, user.Roles, "locked");
        }

        events.Record(action, user.Username, user.Roles, AuditOutcome.Denied);
        return refusal;
    }

    private static TokenResponse Issue(IdentityDbContext db, AccessTokens tokens, StaffUser user, Guid familyId, bool secondFactor, bool enrolmentOnly,
        SignInOptions options, DateTime now)
    {
        var (access, expiresIn) = tokens.Issue(user, secondFactor, enrolmentOnly, now);
        string? refresh = null;
        if (!enrolmentOnly)
        {
            refresh = AccessTokens.NewRefreshToken();
            db.RefreshTokens.Add(new RefreshToken
            {
                Hash = AccessTokens.RefreshHash(refresh), FamilyId = familyId, Username = user.Username, IssuedAt = now, ExpiresAt = now + options.RefreshTokenLifetime,
            });
        }

        return new TokenResponse(access, "Bearer", expiresIn, refresh, refresh is null ? null : (int)options.RefreshTokenLifetime.TotalSeconds,
            enrolmentOnly ? null : user.Roles.FirstOrDefault(), enrolmentOnly ? [] : user.Roles, user.Channels, user.Warehouses, enrolmentOnly);
    }

    public static Task RevokeFamily(IdentityDbContext db, Guid familyId, DateTime now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null).ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

    /// <summary>Signs the user out everywhere: every refresh token of theirs is revoked.</summary>
    public static Task RevokeUser(IdentityDbContext db, string username, DateTime now, CancellationToken cancellationToken) =>
        db.RefreshTokens.Where(t => t.Username == username && t.RevokedAt == null).ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);

    public static string HashPassword(StaffUser user, string password) => Hasher.HashPassword(user, password);

    private static IResult Unauthorized(string title) => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);

    private static IResult MfaRequired(string title) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, extensions: new Dictionary<string, object?> { ["mfaRequired"] = true });

    private static IResult Locked(DateTime until) =>
        Results.Problem(statusCode: StatusCodes.Status423Locked, title: "Too many wrong passwords or codes: the account is locked",
            detail: $"Try again after {until:u}.", extensions: new Dictionary<string, object?> { ["lockedUntil"] = until });
}
