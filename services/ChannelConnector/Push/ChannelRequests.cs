using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ChannelConnector.Outbound;
using OmniRetail.Contracts.Channels;

namespace OmniRetail.ChannelConnector.Push;

/// <summary>One request to a channel's API, built once and sent as often as retries need (a fresh message each time).</summary>
/// <param name="Sequence">The number of the newest value it carries.</param>
/// <param name="Kinds">What it tells the channel (<see cref="PushKinds"/>): the values it settles when the channel accepts it.</param>
/// <param name="Skipped">Why it cannot be sent (the listing lacks the channel's id for it); nothing is sent and the value is settled as refused.</param>
public sealed record ChannelRequest(
    IReadOnlyList<string> Kinds, long Sequence, HttpMethod Method, string Url, string Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Skipped = null)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Url) { Content = Method == HttpMethod.Get ? null : new StringContent(Body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in Headers)
        {
            if (name == "Authorization")
            {
                message.Headers.Authorization = AuthenticationHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    public static ChannelRequest Skip(string kind, long sequence, string reason) => new([kind], sequence, HttpMethod.Post, "", "", [], reason);
}

/// <summary>What a pushed value is: the stock and price wanted now and the sequence numbers they carry.</summary>
public sealed record PushedValues(string Sku, int Stock, long StockSequence, bool StockPending, decimal? Price, string? Currency, long PriceSequence, bool PricePending, DateTime At)
{
    public static PushedValues Of(ChannelPush push) =>
        new(push.Sku, push.StockValue, push.StockSequence, push.StockPending, push.PriceValue, push.Currency, push.PriceSequence, push.PricePending, push.ChangedAt);

    public string ValueOf(string kind) => kind == PushKinds.Stock ? Stock.ToString(CultureInfo.InvariantCulture) : ChannelRequests.Money(Price ?? 0);

    public long SequenceOf(string kind) => kind == PushKinds.Stock ? StockSequence : PriceSequence;
}

/// <summary>Each channel kind's own API for stock and price, exactly as that channel documents it.</summary>
public static class ChannelRequests
{
    public const string ShopifyApiVersion = "2025-10";

    /// <summary>The requests that tell the channel the pending values, in the order they are to be sent.</summary>
    public static IReadOnlyList<ChannelRequest> For(string kind, OutboundSettings settings, string secret, Listing listing, PushedValues values) => kind switch
    {
        ChannelKinds.Shopify => Shopify(settings, listing, values),
        ChannelKinds.WooCommerce => WooCommerce(settings, listing, values),
        ChannelKinds.Generic => [Generic(settings, secret, values)],
        _ => [],
    };

    private static List<ChannelRequest> Shopify(OutboundSettings settings, Listing listing, PushedValues values)
    {
        var requests = new List<ChannelRequest>();
        var baseUrl = ShopifyBase(settings);
        var headers = ShopifyHeaders(settings);
        if (values.StockPending)
        {
            requests.Add(listing.ExternalInventoryItemId is null || listing.ExternalLocationId is null
                ? ChannelRequest.Skip(PushKinds.Stock, values.StockSequence, "skipped: the listing has no externalInventoryItemId and externalLocationId")
                : new ChannelRequest([PushKinds.Stock], values.StockSequence, HttpMethod.Post, $"{baseUrl}/inventory_levels/set.json", Json(new JsonObject
                {
                    ["location_id"] = Id(listing.ExternalLocationId),
                    ["inventory_item_id"] = Id(listing.ExternalInventoryItemId),
                    ["available"] = values.Stock,
                }), headers));
        }

        if (values.PricePending)
        {
            requests.Add(listing.ExternalVariantId is null
                ? ChannelRequest.Skip(PushKinds.Price, values.PriceSequence, "skipped: the listing has no externalVariantId")
                : new ChannelRequest([PushKinds.Price], values.PriceSequence, HttpMethod.Put, $"{baseUrl}/variants/{Uri.EscapeDataString(listing.ExternalVariantId)}.json", Json(new JsonObject
                {
                    ["variant"] = new JsonObject { ["id"] = Id(listing.ExternalVariantId), ["price"] = Money(values.Price!.Value) },
                }), headers));
        }

        return requests;
    }

    private static List<ChannelRequest> WooCommerce(OutboundSettings settings, Listing listing, PushedValues values)
    {
        var requests = new List<ChannelRequest>();
        if (listing.ExternalProductId is null)
        {
            return [.. Pending(values).Select(kind => ChannelRequest.Skip(kind, values.SequenceOf(kind), "skipped: the listing has no externalProductId"))];
        }

        var url = $"{settings.ApiBaseUrl!.TrimEnd('/')}/wp-json/wc/v3/products/{Uri.EscapeDataString(listing.ExternalProductId)}"
                  + (listing.ExternalVariantId is { } variant ? $"/variations/{Uri.EscapeDataString(variant)}" : "");
        var headers = WooCommerceHeaders(settings);
        if (values.StockPending)
        {
            requests.Add(new ChannelRequest([PushKinds.Stock], values.StockSequence, HttpMethod.Put, url, Json(new JsonObject { ["manage_stock"] = true, ["stock_quantity"] = values.Stock }), headers));
        }

        if (values.PricePending)
        {
            requests.Add(new ChannelRequest([PushKinds.Price], values.PriceSequence, HttpMethod.Put, url, Json(new JsonObject { ["regular_price"] = Money(values.Price!.Value) }), headers));
        }

        return requests;
    }

    /// <summary>One request says both: the body carries the stock and the price, the sequence is the larger of theirs.</summary>
    private static ChannelRequest Generic(OutboundSettings settings, string secret, PushedValues values)
    {
        var sequence = Math.Max(values.StockSequence, values.Price is null ? 0 : values.PriceSequence);
        var body = Json(new JsonObject
        {
            ["sku"] = values.Sku,
            ["available"] = values.Stock,
            ["price"] = values.Price,
            ["currency"] = values.Currency,
            ["sequence"] = sequence,
            ["at"] = DateTime.SpecifyKind(values.At, DateTimeKind.Utc),
        });
        var signature = Signatures.Hex(secret, body);
        return new ChannelRequest(Pending(values), sequence, HttpMethod.Post, settings.CallbackUrl!, body, [new("X-Omni-Signature", signature)]);
    }

    /// <summary>Shopify's admin API at the version OmniRetail speaks.</summary>
    public static string ShopifyBase(OutboundSettings settings) => $"{settings.ApiBaseUrl!.TrimEnd('/')}/admin/api/{ShopifyApiVersion}";

    public static KeyValuePair<string, string>[] ShopifyHeaders(OutboundSettings settings) => [new("X-Shopify-Access-Token", settings.AccessToken!)];

    /// <summary>WooCommerce's REST API takes the consumer key and secret as HTTP basic auth.</summary>
    public static KeyValuePair<string, string>[] WooCommerceHeaders(OutboundSettings settings) =>
        [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.ConsumerKey}:{settings.ConsumerSecret}")))];

    /// <summary>The kinds (stock, price) whose wanted value the channel has not settled yet.</summary>
    public static List<string> Pending(PushedValues values) =>
        [.. new[] { (PushKinds.Stock, values.StockPending), (PushKinds.Price, values.PricePending) }.Where(k => k.Item2).Select(k => k.Item1)];

    public static string Money(decimal amount) => amount.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Shopify's ids are numbers; one that is not is sent as the text it is.</summary>
    public static JsonNode Id(string id) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(id);

    public static string Json(JsonObject body) => body.ToJsonString(JsonSerializerOptions.Web);
}
