using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.Staff;
using OmniRetail.ServiceDefaults.Staff;
using QRCoder;

namespace OmniRetail.Identity.Mfa;

/// <summary><c>/api/auth/mfa/*</c>: a signed-in user enrols an authenticator app as their second factor.</summary>
public static class MfaEndpoints
{
    public sealed record EnrolResponse(string OtpauthUri, string QrCodePng, string Secret);

    public sealed record ConfirmRequest(string? Code);

    public sealed record ConfirmResponse(IReadOnlyList<string> RecoveryCodes);

    public static void MapMfa(this WebApplication app)
    {
        var mfa = app.MapGroup("/api/auth/mfa").WithTags("Multi-factor").RequireAuthorization(StaffPolicies.SignedIn);
        mfa.MapPost("/enrol", Enrol).Audited("auth.mfa-enrolment-started")
            .WithSummary("Starts enrolling an authenticator: a new TOTP secret as an otpauth URI and a QR code (PNG, base64)")
            .WithDescription($"TOTP per RFC 6238: HMAC-SHA-1, {TotpCodes.StepSeconds}-second steps, {TotpCodes.Digits} digits. The secret takes effect once confirmed; until then an earlier one stays in force.");
        mfa.MapPost("/confirm", Confirm).ProducesValidationProblem().Audited("auth.mfa-enrolled")
            .WithSummary($"Confirms the enrolment with a current code; answers {RecoveryCodes.Count} single-use recovery codes, shown only now")
            .WithDescription("Earlier recovery codes stop working. From now on POST /api/auth/token needs a code or a recovery code.");
    }

    private static async Task<IResult> Enrol(ClaimsPrincipal principal, IdentityDbContext db, PersonalDataProtector protector, TimeProvider clock, CancellationToken cancellationToken)
    {
        var username = principal.FindFirstValue(StaffClaims.Subject)!;
        var secret = TotpCodes.NewSecret();
        var found = await db.InTransaction(async () =>
        {
            if (await db.Users.SingleOrDefaultAsync(u => u.Username == username, cancellationToken) is not { Disabled: false } user)
            {
                return false;
            }

            user.PendingMfaSecret = protector.Protect(secret);
            user.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            return true;
        }, cancellationToken);
        if (!found)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The signed-in account no longer exists or is disabled");
        }

        var uri = TotpCodes.Uri(secret, username);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return Results.Ok(new EnrolResponse(uri, Convert.ToBase64String(png), secret));
    }

    private static async Task<IResult> Confirm(ConfirmRequest request, ClaimsPrincipal principal, IdentityDbContext db, PersonalDataProtector protector, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return InputErrors.Single("code", "is required");
        }

        var username = principal.FindFirstValue(StaffClaims.Subject)!;
        var codes = Enumerable.Range(0, RecoveryCodes.Count).Select(_ => RecoveryCodes.New()).ToList();
        return await db.InTransaction(async () =>
        {
            var user = await db.Users.FromSql($"""SELECT * FROM staff_users WHERE "Username" = {username} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (user is not { PendingMfaSecret: { } pending })
            {
                return InputErrors.Conflict("code", "there is no enrolment to confirm: start one with POST /api/auth/mfa/enrol");
            }

            var now = clock.GetUtcNow();
            var secret = protector.Unprotect(pending);
            if (TotpCodes.Accept(secret, request.Code.Trim(), now, user.LastTotpStep) is not { } step)
            {
                return InputErrors.Single("code", "is not the authenticator's current code");
            }

            (user.MfaSecret, user.PendingMfaSecret, user.LastTotpStep, user.UpdatedAt) = (pending, null, step, now.UtcDateTime);
            await db.RecoveryCodes.Where(c => c.Username == username).ExecuteDeleteAsync(cancellationToken);
            db.RecoveryCodes.AddRange(codes.Select(code => new RecoveryCode { Username = username, Hash = RecoveryCodes.Hash(code) }));
            return Results.Ok(new ConfirmResponse(codes));
        }, cancellationToken);
    }
}
