namespace OmniRetail.ChannelConnector.Channels;

/// <summary>
/// A secret a channel signs its requests with (HMAC-SHA256 over the raw body), encrypted at rest. A channel has one or
/// more active secrets at a time, so a new one can be rolled out before the old is retired: every active secret
/// verifies, and the newest signs what OmniRetail sends the channel.
/// </summary>
public sealed class ChannelSecret
{
    public Guid Id { get; set; }

    public string ChannelCode { get; set; } = "";

    /// <summary>Encrypted with the service key (<c>PersonalDataProtector</c>); never shown back.</summary>
    public string ProtectedValue { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When a request signed with it was last accepted (written at most once a minute per instance).</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RetiredAt { get; set; }
}
