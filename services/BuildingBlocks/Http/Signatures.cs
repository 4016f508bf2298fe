using System.Security.Cryptography;
using System.Text;

namespace OmniRetail.BuildingBlocks.Http;

/// <summary>HMAC-SHA256 of a raw request body with the sender's secret (a channel's, a carrier's), compared in constant time.</summary>
public static class Signatures
{
    /// <summary>Shopify and WooCommerce: the base64 digest.</summary>
    public static bool IsValidBase64(string secret, byte[] body, string? header)
    {
        var expected = Digest(secret, body);
        Span<byte> given = stackalloc byte[64];
        return header is not null && Convert.TryFromBase64String(header.Trim(), given, out var length) && length == expected.Length
            && CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }

    /// <summary>OmniRetail's generic format: <c>sha256=&lt;hex digest&gt;</c>.</summary>
    public static bool IsValidHex(string secret, byte[] body, string? header)
    {
        const string prefix = "sha256=";
        if (header is null || !header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(prefix.Length).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Digest(secret, body), given);
    }

    public static byte[] Digest(string secret, byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);

    /// <summary>The <c>X-Omni-Signature</c> value OmniRetail signs what it sends with: <c>sha256=&lt;hex digest&gt;</c>.</summary>
    public static string Hex(string secret, string body) => "sha256=" + Convert.ToHexStringLower(Digest(secret, Encoding.UTF8.GetBytes(body)));
}
