using System.Net;
using System.Net.Sockets;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Outbound;

/// <summary>How OmniRetail reaches a channel's own API. Stored encrypted, never shown back.</summary>
public sealed record OutboundSettings(string? ApiBaseUrl, string? AccessToken, string? ConsumerKey, string? ConsumerSecret, string? CallbackUrl)
{
    public static readonly OutboundSettings None = new(null, null, null, null, null);

    public bool IsEmpty => this == None;

    /// <summary>The fields that are set, by name: what a channel's view shows instead of the values.</summary>
    public IReadOnlyList<string> Configured() =>
        new[] { ("apiBaseUrl", ApiBaseUrl), ("accessToken", AccessToken), ("consumerKey", ConsumerKey), ("consumerSecret", ConsumerSecret), ("callbackUrl", CallbackUrl) }
            .Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => f.Item1).ToList();

    /// <summary>What a channel of this kind needs, and nothing another kind uses (no settings at all: nothing is sent out).</summary>
    public void Check(string kind, OutboundUrlRule urls, InputErrors errors)
    {
        if (IsEmpty)
        {
            return;
        }

        var (required, allowed) = kind switch
        {
            ChannelKinds.Shopify => (new[] { "apiBaseUrl", "accessToken" }, new[] { "apiBaseUrl", "accessToken" }),
            ChannelKinds.WooCommerce => (new[] { "apiBaseUrl", "consumerKey", "consumerSecret" }, new[] { "apiBaseUrl", "consumerKey", "consumerSecret" }),
            ChannelKinds.Generic => (new[] { "callbackUrl" }, new[] { "callbackUrl" }),
            _ => (Array.Empty<string>(), Array.Empty<string>()),
        };
        var configured = Configured();
        foreach (var field in configured.Except(allowed))
        {
            errors.Add(field, $"a {kind} channel does not use it");
        }

        foreach (var field in required.Except(configured))
        {
            errors.Add(field, $"a {kind} channel's outbound settings need it");
        }

        foreach (var (field, value) in new[] { ("apiBaseUrl", ApiBaseUrl), ("callbackUrl", CallbackUrl) })
        {
            if (value is not null && urls.Refusal(value) is { } refusal)
            {
                errors.Add(field, refusal);
            }
        }

        foreach (var (field, value) in new[] { ("accessToken", AccessToken), ("consumerKey", ConsumerKey), ("consumerSecret", ConsumerSecret) })
        {
            if (value is { Length: > 512 })
            {
                errors.Add(field, "must be at most 512 characters");
            }
        }
    }
}

/// <summary>
/// Where OmniRetail may send requests: absolute http(s) URLs, and outside Development no loopback, link-local or private
/// address (nor a name for one, such as localhost) unless its host is allow-listed (<c>Channels:Outbound:AllowedHosts</c>).
/// </summary>
/// <remarks>
/// Only what the URL itself says is checked here; a name that resolves to a private address is refused again when the
/// request is made (<c>OutboundConnectGuard</c>).
/// </remarks>
public sealed class OutboundUrlRule(bool development, IReadOnlyCollection<string> allowedHosts)
{
    public string? Refusal(string url)
    {
        if (url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            return "must be an absolute http or https URL";
        }

        if (MayReachInternal(uri.Host))
        {
            return null;
        }

        return IsInternal(uri) ? $"{uri.Host} is a loopback, link-local or private address; allow-list it in Channels:Outbound:AllowedHosts to use it" : null;
    }

    /// <summary>In Development, or for an allow-listed host, any address may be reached.</summary>
    public bool MayReachInternal(string host) => development || allowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);

    private static bool IsInternal(Uri uri)
    {
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsInternal(address);
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.Equals(IPAddress.IPv6Any);
        }

        var b = address.GetAddressBytes();
        return b[0] is 10 or 127 or 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }
}
