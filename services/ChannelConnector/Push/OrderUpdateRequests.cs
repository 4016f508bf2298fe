using System.Text.Json.Nodes;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Outbound;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>How each channel kind is told that one of its orders shipped, was delivered or was cancelled, in its own API.</summary>
public static class OrderUpdateRequests
{
    /// <summary>Shopify fulfils fulfillment orders, not orders: their ids come first.</summary>
    public static ChannelRequest ShopifyFulfillmentOrders(OutboundSettings settings, OrderUpdate update) =>
        new([update.Kind], update.Id, HttpMethod.Get, $"{ChannelRequests.ShopifyBase(settings)}/orders/{Uri.EscapeDataString(update.ExternalId)}/fulfillment_orders.json", "", ChannelRequests.ShopifyHeaders(settings));

    /// <summary>The ids of the order's fulfillment orders still to fulfil (open or in progress).</summary>
    public static IReadOnlyList<string> OpenFulfillmentOrders(string? answer)
    {
        var orders = (answer is null ? null : JsonNode.Parse(answer))?["fulfillment_orders"]?.AsArray() ?? [];
        return [.. orders.OfType<JsonObject>()
            .Where(o => o["status"]?.GetValue<string>() is null or "open" or "in_progress" or "scheduled")
            .Select(o => o["id"]?.ToString()).OfType<string>()];
    }

    public static ChannelRequest ShopifyFulfillment(OutboundSettings settings, OrderUpdate update, IReadOnlyList<string> fulfillmentOrderIds) =>
        new([update.Kind], update.Id, HttpMethod.Post, $"{ChannelRequests.ShopifyBase(settings)}/fulfillments.json", ChannelRequests.Json(new JsonObject
        {
            ["fulfillment"] = new JsonObject
            {
                ["line_items_by_fulfillment_order"] = new JsonArray([.. fulfillmentOrderIds.Select(id => (JsonNode)new JsonObject { ["fulfillment_order_id"] = ChannelRequests.Id(id) })]),
                ["tracking_info"] = new JsonObject { ["company"] = update.CarrierName ?? update.Carrier, ["number"] = update.TrackingNumber, ["url"] = update.TrackingUrl },
                ["notify_customer"] = true,
            },
        }), ChannelRequests.ShopifyHeaders(settings));

    /// <summary>The id Shopify gave the fulfillment, which its delivery event names.</summary>
    public static string? FulfillmentId(string? answer) => (answer is null ? null : JsonNode.Parse(answer))?["fulfillment"]?["id"]?.ToString();

    public static ChannelRequest ShopifyDelivered(OutboundSettings settings, OrderUpdate update, string fulfillmentId) =>
        new([update.Kind], update.Id, HttpMethod.Post,
            $"{ChannelRequests.ShopifyBase(settings)}/orders/{Uri.EscapeDataString(update.ExternalId)}/fulfillments/{Uri.EscapeDataString(fulfillmentId)}/events.json",
            ChannelRequests.Json(new JsonObject { ["event"] = new JsonObject { ["status"] = "delivered" } }), ChannelRequests.ShopifyHeaders(settings));

    /// <summary>WooCommerce: shipped completes the order and leaves the shopper a note with the tracking; delivered leaves another note.</summary>
    public static IReadOnlyList<ChannelRequest> WooCommerce(OutboundSettings settings, OrderUpdate update)
    {
        var order = $"{settings.ApiBaseUrl!.TrimEnd('/')}/wp-json/wc/v3/orders/{Uri.EscapeDataString(update.ExternalId)}";
        var headers = ChannelRequests.WooCommerceHeaders(settings);
        var tracking = string.Join(" ", new[] { update.CarrierName ?? update.Carrier, update.TrackingNumber, update.TrackingUrl }.Where(p => !string.IsNullOrEmpty(p)));
        ChannelRequest Note(string note) =>
            new([update.Kind], update.Id, HttpMethod.Post, $"{order}/notes", ChannelRequests.Json(new JsonObject { ["note"] = note, ["customer_note"] = true }), headers);
        return update.Kind switch
        {
            OrderUpdateKinds.Shipped =>
            [
                new([update.Kind], update.Id, HttpMethod.Put, order, ChannelRequests.Json(new JsonObject { ["status"] = "completed" }), headers),
                Note(tracking),
            ],
            OrderUpdateKinds.Delivered => [Note($"Delivered: {tracking}")],
            _ => [],
        };
    }

    /// <summary>A generic channel: one signed callback with every shipment of the order and the shopper's tracking token.</summary>
    public static ChannelRequest Generic(OutboundSettings settings, string secret, OrderUpdate update, IReadOnlyList<OrderShipment> shipments, string trackingToken)
    {
        var body = ChannelRequests.Json(new JsonObject
        {
            ["type"] = update.Kind,
            ["externalId"] = update.ExternalId,
            ["orderId"] = update.OrderId,
            ["trackingToken"] = trackingToken,
            ["shipments"] = new JsonArray([.. shipments.Select(s => (JsonNode)new JsonObject
            {
                ["carrier"] = s.Carrier, ["trackingNumber"] = s.TrackingNumber, ["trackingUrl"] = s.TrackingUrl, ["status"] = s.Status,
            })]),
            ["at"] = DateTime.SpecifyKind(update.At, DateTimeKind.Utc),
        });
        return new ChannelRequest([update.Kind], update.Id, HttpMethod.Post, settings.CallbackUrl!, body, [new("X-Omni-Signature", Signatures.Hex(secret, body))]);
    }
}
