using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using OmniRetail.Catalog.Categories;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Products;
using OmniRetail.Catalog.Promotions;
using OmniRetail.Contracts.Catalog;

namespace OmniRetail.Catalog.Caching;

/// <summary>
/// The catalog reads pricing repeats for every quote and every order (a product by SKU, the promotions in force, the
/// category tree), kept in HybridCache: in process, and in Redis shared by every instance. A change removes the entry
/// where it is made, and every instance drops its own copy when it hears the change's event
/// (<see cref="CatalogCacheInvalidation"/>). Hits and misses are counted (<c>omniretail.catalog.cache.requests</c>).
/// </summary>
public sealed class CatalogCache
{
    public const string MeterName = "OmniRetail.Catalog";

    /// <summary>Promotions that ended longer ago than this are not cached: a quote for a moment that old reads them from the database.</summary>
    public static readonly TimeSpan CachedPromotionHistory = TimeSpan.FromDays(1);

    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    private readonly HybridCache _cache;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly Counter<long> _requests;
    private long _hits;
    private long _misses;

    public CatalogCache(HybridCache cache, IServiceScopeFactory scopes, TimeProvider clock, IMeterFactory meters)
    {
        (_cache, _scopes, _clock) = (cache, scopes, clock);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("omniretail.catalog.cache.requests", "{request}", "Catalog cache reads, by entry kind and outcome (hit, miss)");
        meter.CreateObservableGauge("omniretail.catalog.cache.hit_ratio", () =>
        {
            var (hits, misses) = (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));
            return hits + misses == 0 ? 0 : (double)hits / (hits + misses);
        }, "1", "Share of catalog cache reads answered without the database, since the instance started");
    }

    public Task<Product?> Product(string sku, CancellationToken cancellationToken) =>
        Read("product", ProductKey(sku), db => db.Products.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, cancellationToken), cancellationToken);

    /// <summary>Promotions still in force, or ended within <see cref="CachedPromotionHistory"/>.</summary>
    public async Task<IReadOnlyList<Promotion>> RecentPromotions(CancellationToken cancellationToken) =>
        await Read("promotions", PromotionsKey, async db =>
        {
            var since = _clock.GetUtcNow().UtcDateTime - CachedPromotionHistory;
            return await db.Promotions.AsNoTracking().Where(p => p.EndsAt > since).OrderBy(p => p.Code).ToListAsync(cancellationToken);
        }, cancellationToken);

    public async Task<CategoryTree> Categories(CancellationToken cancellationToken) =>
        new(await Read("categories", CategoriesKey, db => db.Categories.AsNoTracking().ToListAsync(cancellationToken), cancellationToken));

    public ValueTask ForgetProduct(string sku) => _cache.RemoveAsync(ProductKey(sku));

    public ValueTask ForgetPromotions() => _cache.RemoveAsync(PromotionsKey);

    public ValueTask ForgetCategories() => _cache.RemoveAsync(CategoriesKey);

    private const string PromotionsKey = "catalog:promotions:recent";
    private const string CategoriesKey = "catalog:categories";

    private static string ProductKey(string sku) => $"catalog:product:{sku}";

    private async Task<T> Read<T>(string kind, string key, Func<CatalogDbContext, Task<T>> load, CancellationToken cancellationToken)
    {
        var missed = false;
        var value = await _cache.GetOrCreateAsync(key, async _ =>
        {
            missed = true;
            await using var scope = _scopes.CreateAsyncScope();
            return await load(scope.ServiceProvider.GetRequiredService<CatalogDbContext>());
        }, Entry, cancellationToken: cancellationToken);
        Interlocked.Increment(ref missed ? ref _misses : ref _hits);
        _requests.Add(1, new("kind", kind), new("outcome", missed ? "miss" : "hit"));
        return value;
    }
}

/// <summary>Every instance hears every product and promotion change on a queue of its own, and drops its cached copy.</summary>
public sealed class CatalogCacheInvalidation(CatalogCache cache) : IConsumer<ProductRegistered>, IConsumer<PromotionChanged>
{
    public Task Consume(ConsumeContext<ProductRegistered> context) => cache.ForgetProduct(context.Message.Sku).AsTask();

    public Task Consume(ConsumeContext<PromotionChanged> context) => cache.ForgetPromotions().AsTask();
}
