using Microsoft.EntityFrameworkCore;
using OmniRetail.ChannelConnector.Persistence;
using OmniRetail.Contracts.Inventory;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.ChannelConnector.Tests.Outbound;

/// <summary>The real channel connector on real PostgreSQL and RabbitMQ, hearing Inventory's positions.</summary>
[Collection(ChannelConnectorCollection.Name)]
public sealed class AvailabilityServiceTests(TestServers servers)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..6].ToLowerInvariant();

    [Fact]
    public async Task Each_channel_shows_its_share_of_its_own_warehouses_and_the_exposure_sums_what_all_channels_show()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_availability");
        var sku = $"ATS-{_run}".ToUpperInvariant();
        var (eu, us) = ($"eu-{_run}", $"us-{_run}");
        await connector.Post("/api/channels", new { code = eu, name = "EU shop", kind = "generic", secret = "secret-0123456789abcdef", warehousePriorities = new[] { "BER", "RTM" } });
        await connector.Post("/api/channels", new { code = us, name = "US shop", kind = "generic", secret = "secret-0123456789abcdef", warehousePriorities = new[] { "EWR" } });
        await connector.Put($"/api/channels/{eu}/listings/{sku}", new { listed = true, externalProductId = "p-1" });
        await connector.Put($"/api/channels/{us}/listings/{sku}", new { listed = true });
        await connector.Put($"/api/channels/{eu}/exposure", new { percent = 50, bufferUnits = 2 });
        await connector.Put($"/api/channels/{us}/exposure/{sku}", new { maxUnits = 10 });

        var now = DateTime.UtcNow;
        await connector.Bus.Publish(Position(sku, now, ("BER", 30, 10), ("RTM", 12, 0), ("EWR", 25, 0)), TestContext.Current.CancellationToken);
        // An older position arriving late changes nothing.
        await connector.Bus.Publish(Position(sku, now.AddSeconds(-5), ("BER", 500, 0), ("RTM", 500, 0), ("EWR", 500, 0)), TestContext.Current.CancellationToken);

        // EU: BER 20 + RTM 12 = 32 available, floor(32 × 50%) − 2 = 14. US: EWR 25, capped at 10.
        await Eventually.Holds(async () => (await connector.Get($"/api/channels/{eu}/availability/{sku}"))["ats"]!.GetValue<int>() == 14, TimeSpan.FromSeconds(30),
            async () => $"EU availability is {(await connector.Get($"/api/channels/{eu}/availability/{sku}")).ToJsonString()}");
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var euAvailability = await connector.Get($"/api/channels/{eu}/availability/{sku}");
        (euAvailability["available"]!.GetValue<int>(), euAvailability["ats"]!.GetValue<int>()).ShouldBe((32, 14));
        var usAvailability = await connector.Get($"/api/channels/{us}/availability/{sku}");
        (usAvailability["available"]!.GetValue<int>(), usAvailability["ats"]!.GetValue<int>()).ShouldBe((25, 10));

        // 57 available in all; 14 + 10 shown: no exposure. Show everything everywhere and the two channels' shares overlap nowhere still.
        var exposure = (await connector.GetArray($"/api/channels/exposure?sku={sku}")).Single()!;
        (exposure["available"]!.GetValue<int>(), exposure["shown"]!.GetValue<int>(), exposure["exposure"]!.GetValue<int>()).ShouldBe((57, 24, -33));
    }

    [Fact]
    public async Task Bad_rules_and_listings_are_refused_naming_the_field()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_rules");
        var channel = $"bad-{_run}";
        await connector.Post("/api/channels", new { code = channel, name = "Shop", kind = "generic", secret = "secret-0123456789abcdef", warehousePriorities = new[] { "BER" } });

        (await connector.Refused(HttpMethod.Put, $"/api/channels/{channel}/exposure", new { percent = 120, bufferUnits = -1, minUnits = 10, maxUnits = 5 }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["percent", "bufferUnits", "maxUnits"], ignoreOrder: true);
        (await connector.Refused(HttpMethod.Put, $"/api/channels/{channel}/listings/X-1", new { price = -1 }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["listed", "price"], ignoreOrder: true);
        (await connector.Refused(HttpMethod.Put, "/api/channels/no-such-channel/exposure", new { percent = 50 })).Status.ShouldBe(404);
        (await connector.Refused(HttpMethod.Get, "/api/channels/no-such-channel/availability/X-1", null)).Status.ShouldBe(404);
    }

    [Fact]
    public async Task Outbound_settings_are_stored_encrypted_and_only_which_fields_are_set_is_shown_back()
    {
        await using var connector = await ServiceHost<Program>.StartAsync(servers, "channel-connector", "channel_outbound");
        var channel = $"shop-{_run}";
        const string token = "shpat_0123456789abcdef-never-shown";

        var registered = await connector.Post("/api/channels", new
        {
            code = channel, name = "Shop", kind = "shopify", secret = "secret-0123456789abcdef", warehousePriorities = new[] { "BER" },
            apiBaseUrl = "https://acme.myshopify.com", accessToken = token,
        });
        var listed = (await connector.GetArray("/api/channels")).Single(c => c!["code"]!.GetValue<string>() == channel)!;

        registered["outboundConfigured"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["apiBaseUrl", "accessToken"], ignoreOrder: true);
        registered.ToJsonString().ShouldNotContain(token);
        listed.ToJsonString().ShouldNotContain(token);
        listed.ToJsonString().ShouldNotContain("myshopify");
        var stored = await connector.Read<ChannelDbContext, string?>(db => db.Channels.Where(c => c.Code == channel).Select(c => c.ProtectedOutbound).SingleAsync());
        stored.ShouldNotBeNull().ShouldNotContain(token);

        (await connector.Refused(HttpMethod.Put, $"/api/channels/{channel}/outbound", new { apiBaseUrl = "ftp://acme", callbackUrl = "https://hooks.example" }))
            .Problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["apiBaseUrl", "accessToken", "callbackUrl"], ignoreOrder: true);
        var cleared = await connector.Put($"/api/channels/{channel}/outbound", new { });
        cleared["outboundConfigured"]!.AsArray().ShouldBeEmpty();
    }

    private static StockAvailabilityChanged Position(string sku, DateTime asOf, params (string Warehouse, int OnHand, int Reserved)[] warehouses) => new()
    {
        Sku = sku, AsOf = asOf, Available = warehouses.Sum(w => w.OnHand - w.Reserved), OnHand = warehouses.Sum(w => w.OnHand), Reserved = warehouses.Sum(w => w.Reserved),
        Warehouses = warehouses.Select(w => new WarehousePosition { Warehouse = w.Warehouse, OnHand = w.OnHand, Reserved = w.Reserved }).ToList(),
    };
}
