using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Identity.Mfa;
using OmniRetail.Identity.Persistence;
using OmniRetail.Identity.SignIn;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.Staff;

/// <summary>
/// Creates the <c>admin</c> account on a fresh database from <c>Auth:AdminPassword</c>, enrolled with
/// <c>Auth:AdminTotpSecret</c>, so a new stack has someone who can create everyone else. Afterwards the account is the
/// admin's own: a changed password or second factor is never overwritten from configuration.
/// </summary>
public sealed class AdminSeed(IServiceScopeFactory scopes, IOptions<SignInOptions> options, PersonalDataProtector protector, TimeProvider clock,
    ILogger<AdminSeed> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.AdminPassword is not { Length: > 0 } password)
        {
            logger.LogWarning("Auth:AdminPassword is not set: no admin account is created");
            return;
        }

        if (password.Length < PasswordPolicy.MinLength)
        {
            throw new InvalidOperationException($"Auth:AdminPassword must be at least {PasswordPolicy.MinLength} characters.");
        }

        if (settings.AdminTotpSecret is { Length: > 0 } secret && !TotpCodes.IsSecret(secret))
        {
            throw new InvalidOperationException("Auth:AdminTotpSecret is not a base32 secret of at least 80 bits.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var admin = new StaffUser
        {
            Username = StaffAuthOptions.AdminUsername, DisplayName = "Administrator", Roles = [StaffRoles.Admin], CreatedAt = now, UpdatedAt = now,
            MfaSecret = settings.AdminTotpSecret is { Length: > 0 } totp ? protector.Protect(totp.ToUpperInvariant()) : null,
        };
        admin.PasswordHash = SignInEndpoints.HashPassword(admin, password);
        // Two instances starting at once: the second insert does nothing.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO staff_users ("Username", "DisplayName", "PasswordHash", "Roles", "Channels", "Warehouses", "Disabled", "PasswordChangeRequired",
                "FailedSignIns", "MfaSecret", "LastTotpStep", "CreatedAt", "UpdatedAt")
            VALUES ({admin.Username}, {admin.DisplayName}, {admin.PasswordHash}, {admin.Roles}, {Array.Empty<string>()}, {Array.Empty<string>()}, false, false,
                0, {admin.MfaSecret}, 0, {now}, {now})
            ON CONFLICT ("Username") DO NOTHING
            """, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
