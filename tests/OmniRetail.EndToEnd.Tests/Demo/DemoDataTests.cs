using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using OmniRetail.Demo.Seeding;
using OmniRetail.Demo.Simulation;
using OmniRetail.EndToEnd.Tests.Backbone;
using OmniRetail.ServiceDefaults;

namespace OmniRetail.EndToEnd.Tests.Demo;

/// <summary>What a newcomer sees after ./run.sh: demo data in place, and simulated channel orders flowing through the saga.</summary>
public sealed class DemoDataTests(WholeStack stack)
{
    [Fact]
    public async Task Run_command_loads_demo_data_and_the_simulator_posts_orders_every_channel_accepts()
    {
        var demo = await DemoFinished();
        demo.Snapshot.ExitCode.ShouldBe(0);
        using var client = await BackboneClient.SignIn(stack);
        var channels = (await client.Http.GetFromJsonAsync<JsonArray>("/api/channels", TestContext.Current.CancellationToken))!
            .Select(c => c!["code"]!.GetValue<string>()).ToList();
        DemoData.Channels.Select(c => c.Code).ShouldBeSubsetOf(channels);
        foreach (var product in new[] { DemoData.Products[1], DemoData.Products[^1] })
        {
            var stock = await client.Stock(product.Sku);
            stock["onHand"]!.GetValue<int>().ShouldBe(DemoData.Warehouses.Sum(w => DemoData.OpeningStock(product, w)), product.Sku);
        }

        var secrets = DemoData.Channels.ToDictionary(c => c.Code, c => LocalSecrets.GetOrCreate(stack.DataDirectory, DemoData.SecretName(c)));
        var simulator = new ChannelSimulator(client.Http, secrets, TestContext.Current.SendDiagnosticMessage);
        await simulator.Run(ordersPerSecond: 20, TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        simulator.Refused.ShouldBe(0, simulator.FirstRefusal);
        simulator.Failed.ShouldBe(0);
        simulator.Accepted.Count.ShouldBe(60);
        // Every simulated order leaves Received: reviewed, and reserved, backordered, awaiting payment or (store sales) done.
        foreach (var orderId in simulator.Accepted)
        {
            await client.OrderReaches(orderId, "Allocated", "AwaitingPayment", "Backordered", "OnHold", "Delivered");
        }
    }

    private async Task<ResourceEvent> DemoFinished()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        return await stack.App.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Demo, resource => resource.Snapshot.State?.Text == KnownResourceStates.Finished || resource.Snapshot.ExitCode is not null, timeout.Token);
    }
}
