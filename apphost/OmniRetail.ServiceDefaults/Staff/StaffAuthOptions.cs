namespace OmniRetail.ServiceDefaults.Staff;

/// <summary>
/// Configuration section <c>Auth</c>: where a service finds the public keys that staff tokens are checked with. Tokens
/// are signed (ES256) by the Identity service alone; nothing here is secret.
/// </summary>
public sealed class StaffAuthOptions
{
    public const string Section = "Auth";
    public const string Issuer = "omniretail";
    public const string AdminUsername = "admin";

    /// <summary>The Identity service's key set (<c>/.well-known/jwks.json</c>), fetched again when a token names a key not seen yet.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>A key set given inline (JWKS JSON) instead of <see cref="JwksUrl"/>: for tests and air-gapped set-ups.</summary>
    public string? SigningKeys { get; set; }
}
