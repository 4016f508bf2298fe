using Npgsql;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.ServiceDefaults;
using OmniRetail.TestInfrastructure;
using static OmniRetail.EndToEnd.Tests.Backbone.BackboneClient;

namespace OmniRetail.EndToEnd.Tests.Crashes;

[CollectionDefinition(nameof(CrashTests), DisableParallelization = true)]
public sealed class CrashTestsRunAlone;

/// <summary>
/// A service process is killed (SIGKILL) while signed orders keep arriving through the gateway, then
/// started again. Every order the channel was told was accepted must end in exactly one order that
/// reaches a waiting or final state, with stock reserved exactly once. These tests run alone: other
/// tests would see the killed service.
/// </summary>
[Collection(nameof(CrashTests))]
public sealed class CrashTests(WholeStack stack)
{
    private const int Orders = 150;
    private const int Units = 100;
    private const int KillAfterAccepted = 40;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    [Fact]
    public Task Orders_survive_the_Order_service_being_killed_mid_load() => KillMidLoad(ResourceNames.Service("order"));

    /// <summary>
    /// The intake commits the order and its OrderReceived event together; a kill leaves some committed
    /// but not yet published (counted at the kill). The restarted relay must publish each once in effect,
    /// and orders the dying process may have stored without answering are retried by the channel onto the same order.
    /// </summary>
    [Fact]
    public Task Orders_survive_the_channel_connector_being_killed_mid_load() => KillMidLoad(ResourceNames.Service("channel-connector"));

    private async Task KillMidLoad(ServiceResource victim)
    {
        var output = TestContext.Current.TestOutputHelper!;
        using var client = await SignIn(stack);
        var (sku, warehouse, channel) = ($"CRASH-{_run}", $"C{_run}", $"crash-{_run.ToLowerInvariant()}");
        var secret = $"secret-{channel}-0123456789";
        await client.Warehouse(warehouse, "DE", "EU-Central");
        await client.Product(sku, 10m);
        await client.Receive(warehouse, sku, Units);
        await client.Channel(channel, "generic", secret, warehouse);
        await client.OrderServiceLearns(sku);

        var channelSide = new RetryingChannel(client, channel, secret);
        var externalIds = Enumerable.Range(0, Orders).Select(i => $"{_run}-{i:D3}").ToList();
        var posting = channelSide.PostAll(externalIds, id => GenericOrder(id, sku, 1, 10m), concurrency: 8);
        await Eventually.Holds(() => Task.FromResult(channelSide.Accepted >= KillAfterAccepted || posting.IsCompleted), Patience,
            () => Task.FromResult($"only {channelSide.Accepted} orders accepted before the kill"));

        var acceptedAtKill = channelSide.Accepted;
        var killedProcess = await stack.KillAsync(victim.Name);
        var channelParameter = new NpgsqlParameter("channel", channel);
        var unpublishedAtKill = await Count(victim.Database, """SELECT count(*) FROM outbox_messages WHERE "DeliveredAt" IS NULL""");
        var ordersAtKill = await Count(ResourceNames.Service("order").Database, """SELECT count(*) FROM orders WHERE "ChannelCode" = @channel""", channelParameter);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await stack.StartAgainAsync(victim.Name, killedProcess);
        var accepted = await posting;
        output.WriteLine($"{victim.Name} killed after {acceptedAtKill} of {Orders} orders were accepted and {ordersAtKill} had reached the Order service, " +
            $"with {unpublishedAtKill} outbox messages committed but not published; the channel retried {channelSide.Retries} requests");

        accepted.Count.ShouldBe(Orders);
        accepted.Values.Distinct().Count().ShouldBe(Orders, "each channel order is one OmniRetail order");
        var statuses = await Task.WhenAll(accepted.Values.Select(async id => (await client.OrderReaches(id, "Allocated", "Backordered"))["status"]!.GetValue<string>()));
        statuses.Count(s => s == "Allocated").ShouldBe(Units);
        statuses.Count(s => s == "Backordered").ShouldBe(Orders - Units);

        (await Count(ResourceNames.Service("channel-connector").Database, """SELECT count(*) FROM order_intakes WHERE "ChannelCode" = @channel""", channelParameter)).ShouldBe(Orders);
        (await Count(ResourceNames.Service("order").Database, """SELECT count(*) FROM orders WHERE "ChannelCode" = @channel""", channelParameter)).ShouldBe(Orders);
        await LedgerIsConsistent(sku);
    }

    /// <summary>On hand equals the sum of movements, reserved equals the sum of reservations (one per allocated order), the rest wait in the queue.</summary>
    private async Task LedgerIsConsistent(string sku)
    {
        var inventory = ResourceNames.Service("inventory").Database;
        var skuParameter = new NpgsqlParameter("sku", sku);
        (await Count(inventory, """SELECT sum("OnHand") FROM stock_levels WHERE "Sku" = @sku""", skuParameter)).ShouldBe(Units);
        (await Count(inventory, """SELECT sum("Quantity") FROM stock_movements WHERE "Sku" = @sku""", skuParameter)).ShouldBe(Units);
        (await Count(inventory, """SELECT sum("Reserved") FROM stock_levels WHERE "Sku" = @sku""", skuParameter)).ShouldBe(Units);
        (await Count(inventory, """SELECT sum("Quantity") FROM reservations WHERE "Sku" = @sku""", skuParameter)).ShouldBe(Units);
        (await Count(inventory, """SELECT count(DISTINCT "OrderId") FROM reservations WHERE "Sku" = @sku""", skuParameter)).ShouldBe(Units);
        (await Count(inventory, """SELECT count(*) FROM backorders WHERE @sku = ANY("Skus")""", skuParameter)).ShouldBe(Orders - Units);
    }

    private async Task<long> Count(string database, string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = await stack.OpenDatabaseAsync(database, TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
