using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.ServiceDefaults;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Hardening;

/// <summary>
/// Channel webhooks whose headers lie or whose order we never saw (sequences 5 and 6): what changed is read from the
/// signed body, each change takes effect once, and a cancellation of an unknown order creates nothing.
/// </summary>
public sealed class ChannelReplayTests(WholeStack stack)
{
    private const string Secret = "replay-secret-0123456789";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_refund_webhook_for_an_order_never_seen_is_not_taken_in_as_a_new_order()
    {
        using var client = await SignIn(stack);
        var channel = $"woo-{_run}";
        await client.Channel(channel, "woocommerce", Secret, []);
        var externalId = $"{DateTime.UtcNow.Ticks}";
        var refunded = Sample("woocommerce-order-created.json").Replace("\"id\": 4321", $"\"id\": {externalId}").Replace("\"status\": \"processing\"", "\"status\": \"refunded\"");

        using var response = await client.PostWooCommerce(channel, Secret, refunded, "order.updated", $"delivery-{_run}");

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["status"]!.GetValue<string>().ShouldBe("ignored");
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        using var lookup = await client.FindOrder(channel, externalId);
        lookup.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_signed_body_replayed_under_other_topics_and_webhook_ids_pays_or_cancels_nothing_and_a_paid_body_pays_once()
    {
        using var client = await SignIn(stack);
        var channel = $"shop-{_run}";
        await client.Channel(channel, "shopify", Secret, []);
        var externalId = $"{DateTime.UtcNow.Ticks}";
        var paidBody = Sample("shopify-orders-create.json").Replace("5102938475610", externalId);
        var pendingBody = paidBody.Replace("\"financial_status\": \"paid\"", "\"financial_status\": \"pending\"");
        var orderId = await AcceptedOrderId(await client.PostShopify(channel, Secret, pendingBody, "orders/create", $"w-{_run}-0"));

        var replays = new[] { "orders/paid", "orders/paid", "orders/cancelled", "orders/cancelled", "orders/updated" };
        for (var i = 0; i < replays.Length; i++)
        {
            using var replay = await client.PostShopify(channel, Secret, pendingBody, replays[i], $"w-{_run}-replay-{i}");
            replay.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        for (var i = 0; i < 3; i++)
        {
            using var paid = await client.PostShopify(channel, Secret, paidBody, "orders/updated", $"w-{_run}-paid-{i}");
            paid.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        (await Reported(orderId, "ChannelPaymentReported")).ShouldBe(1, "the paid body reports payment once, the pending replays never");
        (await Reported(orderId, "ChannelCancellationReported")).ShouldBe(0, "a body that is not cancelled cancels nothing, whatever the topic");
        var order = await client.OrderReaches(orderId, "OnHold");
        order["status"]!.GetValue<string>().ShouldNotBe("Cancelled");
    }

    private async Task<long> Reported(Guid orderId, string messageType)
    {
        await using var connector = await stack.OpenDatabaseAsync(ResourceNames.Service("channel-connector").Database, TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM outbox_messages WHERE "PartitionKey" = @order AND "MessageType" LIKE @type""", connector);
        count.Parameters.AddWithValue("order", orderId.ToString());
        count.Parameters.AddWithValue("type", $"%{messageType}%");
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Backbone", "Samples", name));
}
