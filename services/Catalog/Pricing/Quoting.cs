using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.Catalog.Caching;
using OmniRetail.Catalog.Persistence;
using OmniRetail.Catalog.Promotions;

namespace OmniRetail.Catalog.Pricing;

public sealed record QuoteLineRequest(string? Sku, int? Quantity);

public sealed record Quote(string Channel, DateTime At, string Currency, IReadOnlyList<QuotedLine> Lines, decimal Total);

/// <summary>Gathers what <see cref="BasketPricer"/> needs (products, the channel's prices, the promotions in force) and prices a basket.</summary>
public sealed class Quoting(CatalogCache cache, CatalogDbContext db)
{
    /// <summary>The quote, or the field errors that stop it (lines[i].sku unknown, mixed currencies).</summary>
    public async Task<(Quote? Quote, InputErrors Errors)> Price(string channel, DateTime at, IReadOnlyList<QuoteLineRequest> lines, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var products = new List<Products.Product>();
        for (var i = 0; i < lines.Count; i++)
        {
            var sku = lines[i].Sku!.ToUpperInvariant();
            if (await cache.Product(sku, cancellationToken) is { } product)
            {
                products.Add(product);
            }
            else
            {
                errors.Add($"lines[{i}].sku", $"no product with SKU '{sku}'");
            }
        }

        var currencies = products.Select(p => p.Currency).Distinct().ToList();
        if (currencies.Count > 1)
        {
            errors.Add("lines", $"the products are priced in different currencies ({string.Join(", ", currencies)}); quote them apart");
        }

        if (errors.Any)
        {
            return (null, errors);
        }

        var skus = products.Select(p => p.Sku).ToArray();
        var channelPrices = await db.ChannelPrices.AsNoTracking()
            .Where(p => p.ChannelCode == channel && skus.Contains(p.Sku) && p.Listed && p.Price != null)
            .ToDictionaryAsync(p => p.Sku, p => p.Price!.Value, cancellationToken);
        var tree = await cache.Categories(cancellationToken);
        var promotions = (await PromotionsAt(at, cancellationToken)).Where(p => p.OnChannel(channel)).ToList();
        var priced = BasketPricer.Price(
            [.. lines.Select((line, i) => new PricingLine(products[i].Sku, line.Quantity!.Value, products[i].Price,
                channelPrices.GetValueOrDefault(products[i].Sku, products[i].Price), tree.Closure(products[i].Categories)))],
            promotions);
        return (new Quote(channel, at, currencies.Single(), priced.Lines, priced.Total), errors);
    }

    public async Task<IReadOnlyList<Promotion>> PromotionsAt(DateTime at, CancellationToken cancellationToken)
    {
        var recent = at >= DateTime.UtcNow - CatalogCache.CachedPromotionHistory
            ? await cache.RecentPromotions(cancellationToken)
            : await db.Promotions.AsNoTracking().Where(p => p.StartsAt <= at && p.EndsAt > at).ToListAsync(cancellationToken);
        return recent.Where(p => p.ActiveAt(at)).ToList();
    }
}
