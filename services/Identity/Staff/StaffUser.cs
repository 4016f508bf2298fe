namespace OmniRetail.Identity.Staff;

/// <summary>A staff account: who may sign in, with which roles, limited to which channels and warehouses.</summary>
public sealed class StaffUser
{
    /// <summary>Lower case; the key.</summary>
    public string Username { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>ASP.NET Core Identity's PBKDF2 format; never leaves the service.</summary>
    public string PasswordHash { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    /// <summary>Channel codes the user is limited to; empty: every channel.</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>Warehouse codes the user is limited to; empty: every warehouse.</summary>
    public List<string> Warehouses { get; set; } = [];

    public bool Disabled { get; set; }

    /// <summary>Set when an admin created the account or reset its password: the user must choose their own first.</summary>
    public bool PasswordChangeRequired { get; set; }

    /// <summary>Wrong passwords or codes in a row since the last success or lock.</summary>
    public int FailedSignIns { get; set; }

    public DateTime? LockedUntil { get; set; }

    /// <summary>The confirmed TOTP secret (base32), encrypted with the service key; null: no second factor.</summary>
    public string? MfaSecret { get; set; }

    /// <summary>A secret handed out by enrolment and not confirmed yet, encrypted like <see cref="MfaSecret"/>.</summary>
    public string? PendingMfaSecret { get; set; }

    /// <summary>The TOTP time step of the last code accepted: a code is good once.</summary>
    public long LastTotpStep { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? LastSignInAt { get; set; }

    public bool MfaEnabled => MfaSecret is not null;

    public bool IsAdmin => Roles.Contains(ServiceDefaults.Staff.StaffRoles.Admin);
}

/// <summary>A single-use code that stands in for the authenticator; only its hash is kept.</summary>
public sealed class RecoveryCode
{
    public string Username { get; set; } = "";

    public string Hash { get; set; } = "";

    public DateTime? UsedAt { get; set; }
}
