using System.Security.Cryptography;
using System.Text;

namespace OmniRetail.Demo.Gateway;

/// <summary>Requests as each sender signs them: an HMAC-SHA256 of the raw body with the channel's (or carrier's) secret.</summary>
public static class SignedRequests
{
    public static HttpRequestMessage Generic(string channel, string secret, string body, string? idempotencyKey = null, string? signature = null)
    {
        var request = Post($"/api/channels/{channel}/orders", body);
        request.Headers.Add("X-Omni-Signature", signature ?? OmniSignature(secret, body));
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    /// <summary>Shopper activity (sessions, views, baskets, checkouts), signed as OmniRetail's own formats are, whatever the channel's kind.</summary>
    public static HttpRequestMessage Activity(string channel, string secret, string body)
    {
        var request = Post($"/api/channels/{channel}/events", body);
        request.Headers.Add("X-Omni-Signature", OmniSignature(secret, body));
        return request;
    }

    public static HttpRequestMessage Shopify(string channel, string secret, string body, string topic, string webhookId)
    {
        var request = Post($"/api/channels/{channel}/webhooks/shopify", body);
        request.Headers.Add("X-Shopify-Topic", topic);
        request.Headers.Add("X-Shopify-Webhook-Id", webhookId);
        request.Headers.Add("X-Shopify-Hmac-Sha256", Convert.ToBase64String(Hmac(secret, body)));
        return request;
    }

    public static HttpRequestMessage WooCommerce(string channel, string secret, string body, string topic, string deliveryId)
    {
        var request = Post($"/api/channels/{channel}/webhooks/woocommerce", body);
        request.Headers.Add("X-WC-Webhook-Topic", topic);
        request.Headers.Add("X-WC-Webhook-Delivery-ID", deliveryId);
        request.Headers.Add("X-WC-Webhook-Signature", Convert.ToBase64String(Hmac(secret, body)));
        return request;
    }

    /// <summary>A carrier's tracking events, signed with the carrier's secret.</summary>
    public static HttpRequestMessage CarrierEvents(string carrier, string secret, string body, string? signature = null)
    {
        var request = Post($"/api/carriers/{carrier}/events", body);
        request.Headers.Add("X-Omni-Signature", signature ?? OmniSignature(secret, body));
        return request;
    }

    /// <summary>OmniRetail's own signature header value: <c>sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>.</summary>
    public static string OmniSignature(string secret, string body) => $"sha256={Convert.ToHexStringLower(Hmac(secret, body))}";

    private static HttpRequestMessage Post(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static byte[] Hmac(string secret, string body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body));
}
