namespace OmniRetail.Identity.SignIn;

/// <summary>
/// A refresh token, kept as its hash. Each refresh retires the token and issues the next of the same family (one
/// sign-in); a retired token presented again means it was stolen or replayed, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken
{
    public string Hash { get; set; } = "";

    public Guid FamilyId { get; set; }

    public string Username { get; set; } = "";

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    /// <summary>When it was traded for the next token of its family.</summary>
    public DateTime? RetiredAt { get; set; }

    /// <summary>When its family was signed out or revoked.</summary>
    public DateTime? RevokedAt { get; set; }
}
