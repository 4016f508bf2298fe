namespace OmniRetail.Identity.SignIn;

/// <summary>Configuration section <c>Auth</c> of the Identity service.</summary>
public sealed class SignInOptions
{
    public const string Section = "Auth";

    /// <summary>The seeded admin's password, used once: when no <c>admin</c> account exists yet.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The seeded admin's TOTP secret (base32): the admin is created enrolled, so scripts and the demo can sign in.</summary>
    public string? AdminTotpSecret { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Wrong passwords or codes in a row that lock an account.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(15);
}
