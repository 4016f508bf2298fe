using System.Security.Cryptography;
using System.Text;

namespace OmniRetail.Demo.Gateway;

/// <summary>Order deliveries as each channel kind signs them: an HMAC-SHA256 of the raw body with the channel's secret.</summary>
public static class SignedRequests
{
    public static HttpRequestMessage Generic(string channel, string secret, string body, string? idempotencyKey = null, string? signature = null)
    {
        var request = Post($"/api/channels/{channel}/orders", body);
        request.Headers.Add("X-Omni-Signature", signature ?? $"sha256={Convert.ToHexStringLower(Hmac(secret, body))}");
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

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

    private static HttpRequestMessage Post(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static byte[] Hmac(string secret, string body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body));
}
