using OmniRetail.Demo.Gateway;
using OmniRetail.Demo.Simulation;

namespace OmniRetail.Demo.Seeding;

/// <summary>
/// Loads the demo data through the public API, once: a second run finds it there and changes nothing
/// (warehouses, products and channels are upserts; opening stock is received only where none was).
/// </summary>
public sealed class DemoSeeder(StaffClient staff, IReadOnlyDictionary<string, string> channelSecrets, Func<string, string> carrierSecrets, string? sandboxUrl, Action<string> log)
{
    public async Task Seed(CancellationToken cancellationToken)
    {
        foreach (var warehouse in DemoData.Warehouses)
        {
            await staff.Post("/api/inventory/warehouses", warehouse, cancellationToken);
        }

        log($"{DemoData.Warehouses.Count} warehouses in {DemoData.Warehouses.Select(w => w.Region).Distinct().Count()} regions");
        foreach (var category in DemoData.Categories)
        {
            await staff.Post("/api/catalog/categories", new { category.Code, category.Name, category.Parent }, cancellationToken);
        }

        foreach (var product in DemoData.Products)
        {
            await staff.Post("/api/catalog/products", DemoData.CatalogEntry(product), cancellationToken);
        }

        foreach (var promotion in DemoData.Promotions(DateTime.UtcNow.Date))
        {
            await staff.Post("/api/catalog/promotions", promotion, cancellationToken);
        }

        log($"{DemoData.Products.Count} products in {DemoData.Categories.Count} categories, {DemoData.Promotions(DateTime.UtcNow).Count} promotions");
        var received = 0;
        foreach (var product in DemoData.Products)
        {
            received += await ReceiveOpeningStock(product, cancellationToken);
        }

        log($"opening stock: {received} units received (none where stock already existed)");
        foreach (var channel in DemoData.Channels)
        {
            await staff.Post("/api/channels", new
            {
                channel.Code, channel.Name, channel.Kind, Secret = channelSecrets[channel.Code], channel.WarehousePriorities,
                PromisedDeliveryDays = DemoData.PromisedDeliveryDays(channel),
            }, cancellationToken);
            log($"channel {channel.Code} ({channel.Kind}), secret {channelSecrets[channel.Code]}");
        }

        await RegisterCarriers(cancellationToken);
        await ListEverywhere(cancellationToken);
        await OrderServiceKnowsEveryProduct(cancellationToken);
    }

    /// <summary>The demo carriers, once (a second run finds them); each signs its tracking events with a secret kept in .data/secrets.</summary>
    private async Task RegisterCarriers(CancellationToken cancellationToken)
    {
        var existing = (await staff.Get("/api/carriers", cancellationToken))!.AsArray().Select(c => c!["code"]!.GetValue<string>()).ToHashSet();
        var carriers = DemoData.Carriers(carrierSecrets);
        var added = 0;
        foreach (var (_, registration) in carriers.Where(c => !existing.Contains(c.Code)))
        {
            await staff.Post("/api/carriers", registration, cancellationToken);
            added++;
        }

        log($"{carriers.Count} carriers ({added} added), each channel with its delivery promise");
    }

    /// <summary>Every product listed on every online channel, with a rule each: how much of the stock each may show.</summary>
    private async Task ListEverywhere(CancellationToken cancellationToken)
    {
        var online = DemoData.Channels.Where(c => c.Kind != "store").ToList();
        foreach (var channel in online)
        {
            await staff.Put($"/api/channels/{channel.Code}/exposure", DemoData.Exposure(channel), cancellationToken);
            foreach (var (product, index) in DemoData.Products.Select((p, i) => (p, i)))
            {
                await staff.Put($"/api/channels/{channel.Code}/listings/{product.Sku}", DemoData.Listing(channel, index), cancellationToken);
            }
        }

        log($"{DemoData.Products.Count} products listed on {online.Count} channels, each with its exposure rule");
        if (sandboxUrl is null)
        {
            return;
        }

        // The sandbox may listen on a new port each run: telling the channels where it is pushes everything there again.
        foreach (var channel in online)
        {
            await staff.Put($"/api/channels/{channel.Code}/outbound", ChannelSandbox.OutboundFor(channel, sandboxUrl), cancellationToken);
        }

        log($"stock and prices pushed to the {online.Count} online channels' stand-ins at {sandboxUrl}; see GET /api/channels/{{code}}/sync-log");
    }

    private async Task<int> ReceiveOpeningStock(DemoProduct product, CancellationToken cancellationToken)
    {
        var stock = await staff.Get($"/api/inventory/skus/{product.Sku}", cancellationToken);
        var stocked = stock?["warehouses"]?.AsArray().Select(w => w!["warehouse"]!.GetValue<string>()).ToHashSet() ?? [];
        var received = 0;
        foreach (var warehouse in DemoData.Warehouses.Where(w => !stocked.Contains(w.Code)))
        {
            if (DemoData.OpeningStock(product, warehouse) is > 0 and var quantity)
            {
                await staff.Post("/api/inventory/receipts",
                    new { Warehouse = warehouse.Code, product.Sku, Quantity = quantity, Reference = "DEMO-OPENING-STOCK" }, cancellationToken);
                received += quantity;
            }
        }

        return received;
    }

    /// <summary>Orders are checked against the products the Order service has heard of; simulated orders must not race the catalog events.</summary>
    private async Task OrderServiceKnowsEveryProduct(CancellationToken cancellationToken)
    {
        foreach (var product in DemoData.Products)
        {
            while (await staff.Get($"/api/orders/known-products/{product.Sku}", cancellationToken) is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }

        log("the Order service knows every product");
    }
}
