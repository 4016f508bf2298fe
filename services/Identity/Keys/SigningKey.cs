namespace OmniRetail.Identity.Keys;

/// <summary>An ES256 key pair that signs staff tokens. Only the public half leaves the service (<c>/.well-known/jwks.json</c>).</summary>
public sealed class SigningKey
{
    /// <summary>The key id (<c>kid</c>) tokens name.</summary>
    public string Id { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When a newer key took over signing; the key still verifies tokens it signed until they expire.</summary>
    public DateTime? RetiredAt { get; set; }

    /// <summary>The private key (PKCS#8), encrypted with the service key.</summary>
    public string PrivateKey { get; set; } = "";
}
