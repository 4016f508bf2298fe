using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OmniRetail.Contracts.Catalog;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Supply.Persistence;
using OmniRetail.TestInfrastructure;

namespace OmniRetail.Supply.Tests.Service;

/// <summary>
/// The real Supply service on real PostgreSQL and RabbitMQ, shared by the service tests (one host, so no two compete
/// for its queues). Each test uses its own SKUs and suppliers; <see cref="Published{T}"/> is what it put on the broker.
/// </summary>
public sealed class SupplyHost(TestServers servers) : IAsyncLifetime
{
    public const string RecomputeSchedule = "*/3 * * * * *";

    private ServiceHost<Program>? _host;
    private MessageTap? _tap;

    public ServiceHost<Program> Api => _host!;

    public Task Publish<T>(T message) where T : class => _host!.Bus.Publish(message, TestContext.Current.CancellationToken);

    public async ValueTask InitializeAsync()
    {
        // The recurring recompute runs every few seconds here, alongside the tests' own recomputes and stock events.
        _host = await ServiceHost<Program>.StartAsync(servers, "supply", "supply_service",
            new Dictionary<string, string> { ["Supply:Recompute:Schedule"] = RecomputeSchedule });
        var broker = (await servers.RabbitMq()).ConnectionString;
        _tap = await MessageTap.Start(broker, "supply-tests", tap => tap.Listen<OmniRetail.Contracts.Supply.StockAlertRaised>()
            .Listen<OmniRetail.Contracts.Supply.StockAlertCleared>().Listen<ReceivePurchasedStock>());
    }

    public List<T> Published<T>() => _tap!.Published<T>();

    /// <summary>Reads Supply's own tables, to check what the API does not show.</summary>
    public Task<T> Read<T>(Func<SupplyDbContext, Task<T>> query) => _host!.Read(query);

    /// <summary>The catalogue and Inventory announce SKUs and a warehouse, as they do when staff register them.</summary>
    public async Task Knows(string warehouse, params string[] skus)
    {
        await Publish(new WarehouseRegistered { Code = warehouse, Name = $"Warehouse {warehouse}", Country = "DE" });
        foreach (var sku in skus)
        {
            await Publish(new ProductRegistered { Sku = sku, Name = $"Product {sku}", Price = 10m, Currency = "EUR" });
        }

        await Eventually.Holds(
            () => Read(async db => await db.Warehouses.AnyAsync(w => w.Code == warehouse) && await db.Skus.CountAsync(s => skus.Contains(s.Sku)) == skus.Length),
            TimeSpan.FromSeconds(30), () => Task.FromResult($"warehouse {warehouse} and SKUs {string.Join(", ", skus)} not learnt"));
    }

    /// <summary>
    /// A SKU with a supplier (stated lead time 7 ± 2 days, order cost 50, unit cost 4 in packs of 10), a 30-day window,
    /// 20 units of demand every one of those days (d = 20, σd = 0: SS = 65.80, ROP = 205.80) and this stock on hand.
    /// </summary>
    public async Task PlannedSku(string sku, string supplier, string warehouse, params (string Warehouse, int OnHand)[] stock)
    {
        await Knows(warehouse, sku);
        await Api.Post("/api/supply/suppliers", new { code = supplier, name = supplier, currency = "EUR", leadTimeDays = 7, leadTimeStdDevDays = 2, orderCost = 50 });
        await Api.Put($"/api/supply/suppliers/{supplier}/offers/{sku}", new { unitCost = 4m, packSize = 10, preferred = true });
        await Api.Put($"/api/supply/skus/{sku}/settings", new { windowDays = 30 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = new StringBuilder("sku,date,quantity\n");
        for (var i = 1; i <= 30; i++)
        {
            csv.Append($"{sku},{today.AddDays(-i):yyyy-MM-dd},20\n");
        }

        using var imported = await Api.Http.PostAsync("/api/supply/demand-history", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), TestContext.Current.CancellationToken);
        imported.EnsureSuccessStatusCode();
        await Publish(new StockAvailabilityChanged
        {
            Sku = sku, AsOf = DateTime.UtcNow, OnHand = stock.Sum(s => s.OnHand), Available = stock.Sum(s => s.OnHand),
            Warehouses = stock.Select(s => new WarehousePosition { Warehouse = s.Warehouse, OnHand = s.OnHand, Reserved = 0 }).ToList(),
        });
        await Eventually.Holds(() => Read(db => db.Positions.AnyAsync(p => p.Sku == sku)), TimeSpan.FromSeconds(30),
            () => Task.FromResult($"the position of {sku} was not recorded"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_tap is not null)
        {
            await _tap.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SupplyServiceCollection : ICollectionFixture<SupplyHost>
{
    public const string Name = "supply service";
}
