using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
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
        demo.Snapshot.ExitCode.ShouldBe(0, await LastLogLines(ResourceNames.Demo));
        using var client = await BackboneClient.SignIn(stack);
        var channels = (await client.Http.GetFromJsonAsync<JsonArray>("/api/channels", TestContext.Current.CancellationToken))!
            .Select(c => c!["code"]!.GetValue<string>()).ToList();
        DemoData.Channels.Select(c => c.Code).ShouldBeSubsetOf(channels);
        foreach (var product in new[] { DemoData.Products[1], DemoData.Products[^1] })
        {
            var stock = await client.Stock(product.Sku);
            stock["onHand"]!.GetValue<int>().ShouldBe(DemoData.Warehouses.Sum(w => DemoData.OpeningStock(product, w)), product.Sku);
        }

        // Supply: suppliers with offers, history and policies for every product, purchase orders under way.
        var suppliers = (await client.Http.GetFromJsonAsync<JsonArray>("/api/supply/suppliers", TestContext.Current.CancellationToken))!;
        DemoSupply.Suppliers.Select(s => s.Code).ShouldBeSubsetOf(suppliers.Select(s => s!["code"]!.GetValue<string>()));
        var policies = (await client.Http.GetFromJsonAsync<JsonArray>("/api/supply/skus", TestContext.Current.CancellationToken))!;
        DemoData.Products.Select(p => p.Sku).ShouldBeSubsetOf(policies.Select(p => p!["sku"]!.GetValue<string>()));
        var policy = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/supply/skus/{DemoData.Products[8].Sku}/policy", TestContext.Current.CancellationToken))!;
        policy["forecast"]!["next"]!.AsArray().Count.ShouldBe(28);
        policy["forecast"]!["modelError"].ShouldNotBeNull();
        policy["results"]!["reorderPoint"]!.GetValue<double>().ShouldBeGreaterThan(0);
        var orders = (await client.Http.GetFromJsonAsync<JsonObject>("/api/supply/purchase-orders", TestContext.Current.CancellationToken))!["items"]!.AsArray();
        orders.Select(o => o!["status"]!.GetValue<string>()).ShouldContain("PartiallyReceived");

        // Customers: the demo customer's story across three channels, with points, an answered survey, a resolved ticket and a refund.
        var erika = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/customers?email={DemoCustomers.Email}", TestContext.Current.CancellationToken))!;
        // (The simulated orders of Erika, whose phone the simulator's customers share, may add more channels.)
        new[] { "mobile-app", "store-berlin", "webshop" }.ShouldBeSubsetOf(erika["channels"]!.AsArray().Select(c => c!["channel"]!.GetValue<string>()));
        erika["loyalty"]!["balance"]!.GetValue<long>().ShouldBeGreaterThan(0);
        erika["consent"]!.AsArray().Single()!["marketing"]!.GetValue<bool>().ShouldBeTrue();
        erika["surveys"]!.AsArray().Select(sv => sv!["status"]!.GetValue<string>()).ShouldContain("answered");
        erika["openTickets"]!.AsArray().ShouldBeEmpty();
        erika["rfm"]!["segment"].ShouldNotBeNull();
        var erikaOrders = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/customers/{erika["id"]}/orders", TestContext.Current.CancellationToken))!["items"]!.AsArray();
        erikaOrders.Sum(o => o!["refundedAmount"]!.GetValue<decimal>()).ShouldBeGreaterThan(0m);

        // Channels out: every product listed, each channel's share of its own warehouses' stock.
        var listed = DemoData.Products[1];
        var shopifyStock = DemoData.Warehouses.Where(w => w.Code is "BER" or "RTM").Sum(w => DemoData.OpeningStock(listed, w));
        var expectedAts = shopifyStock <= 3 ? 0 : Math.Max(0, (int)Math.Floor(shopifyStock * 0.8) - 2);
        await OmniRetail.TestInfrastructure.Eventually.Holds(async () =>
            (await client.Http.GetFromJsonAsync<JsonObject>($"/api/channels/shopify-eu/availability/{listed.Sku}", TestContext.Current.CancellationToken))!["ats"]!.GetValue<int>() == expectedAts,
            BackboneClient.Patience, () => Task.FromResult($"shopify-eu never showed {expectedAts} of {listed.Sku}"));

        // Pushed to the channel sandbox standing in for the online channels' APIs, and accepted there.
        await OmniRetail.TestInfrastructure.Eventually.Holds(async () =>
                (await client.Http.GetFromJsonAsync<JsonObject>($"/api/channels/shopify-eu/availability/{listed.Sku}", TestContext.Current.CancellationToken))!["lastPushedValue"]?.GetValue<int>() == expectedAts,
            BackboneClient.Patience, async () => $"shopify-eu was never told {expectedAts} of {listed.Sku}; its sync log says " +
                (await client.Http.GetStringAsync($"/api/channels/shopify-eu/sync-log?limit=5", TestContext.Current.CancellationToken)));
        foreach (var channel in new[] { "shopify-eu", "woo-us", "webshop" })
        {
            var log = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/channels/{channel}/sync-log?limit=50", TestContext.Current.CancellationToken))!["items"]!.AsArray();
            log.Select(e => e!["status"]!.GetValue<string>()).ShouldContain("200", channel);
        }

        var secrets = DemoData.Channels.ToDictionary(c => c.Code, c => LocalSecrets.GetOrCreate(stack.DataDirectory, DemoData.SecretName(c)));
        var simulator = new ChannelSimulator(client.Http, secrets, TestContext.Current.SendDiagnosticMessage, pricing: client.Http);
        await simulator.Run(ordersPerSecond: 20, TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

        simulator.Refused.ShouldBe(0, simulator.FirstRefusal);
        simulator.Failed.ShouldBe(0);
        simulator.Accepted.Count.ShouldBe(60);
        // Every simulated order leaves Received: reviewed, and reserved, backordered, awaiting payment or (store sales) done.
        foreach (var orderId in simulator.Accepted)
        {
            await client.OrderReaches(orderId, "Allocated", "AwaitingPayment", "Backordered", "OnHold", "Delivered");
        }

        // The warehouse and the carriers of the demo: allocated orders are packed (a carrier service chosen), shipped and delivered by the carriers' events.
        var fulfilment = new FulfilmentSimulator(client.Staff, client.Http, carrier => LocalSecrets.GetOrCreate(stack.DataDirectory, $"carrier-{carrier}-secret"),
            TestContext.Current.SendDiagnosticMessage);
        using (var enough = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await fulfilment.Run(() => simulator.Accepted, enough.Token);
        }

        var statuses = new List<string>();
        foreach (var orderId in simulator.Accepted)
        {
            statuses.Add((await client.Order(orderId))!["status"]!.GetValue<string>());
        }

        statuses.ShouldContain("Delivered", string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}")));

        // Analytics: today's orders and the shoppers' sessions the simulator reported around them.
        var today = DateTime.UtcNow.Date;
        await OmniRetail.TestInfrastructure.Eventually.Holds(async () =>
            {
                var kpis = (await client.Http.GetFromJsonAsync<JsonObject>($"/api/analytics/kpis?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}", TestContext.Current.CancellationToken))!["total"]!;
                return kpis["orders"]!.GetValue<int>() >= simulator.Accepted.Count && kpis["sessions"]!.GetValue<int>() >= simulator.Accepted.Count;
            }, BackboneClient.Patience, () => Task.FromResult("today's KPIs never counted the simulated orders and sessions"));
    }

    /// <summary>What the resource wrote last, for a failure message.</summary>
    private async Task<string> LastLogLines(string resource)
    {
        var lines = new List<string>();
        using var enough = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var batch in stack.App.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resource).WithCancellation(enough.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return string.Join("\n", lines.TakeLast(40));
    }

    private async Task<ResourceEvent> DemoFinished()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        return await stack.App.ResourceNotifications.WaitForResourceAsync(
            ResourceNames.Demo, resource => resource.Snapshot.State?.Text == KnownResourceStates.Finished || resource.Snapshot.ExitCode is not null, timeout.Token);
    }
}
