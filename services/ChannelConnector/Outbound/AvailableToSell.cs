using Microsoft.EntityFrameworkCore;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Persistence;

namespace OmniRetail.ChannelConnector.Outbound;

public sealed record ChannelAvailability(string Channel, string Sku, int Available, int Ats, ExposureRule Rule, IReadOnlyList<string> Warehouses, int? LastPushedValue, DateTime? LastPushedAt);

public sealed record OversellExposure(string Sku, int Available, int Shown, int Exposure);

/// <summary>Available-to-sell per channel and SKU, from the warehouses the channel ships from and its exposure rule.</summary>
public sealed class AvailableToSell(ChannelDbContext db)
{
    public async Task<ChannelAvailability> For(Channel channel, string sku, CancellationToken cancellationToken)
    {
        var stock = await db.WarehouseAvailability.AsNoTracking().Where(w => w.Sku == sku).ToListAsync(cancellationToken);
        var rule = await RuleFor(channel.Code, sku, cancellationToken);
        return Compute(channel, sku, stock, rule);
    }

    /// <summary>Per SKU: units shown on every channel that lists it, against the units there are.</summary>
    public async Task<List<OversellExposure>> Exposure(string? sku, CancellationToken cancellationToken)
    {
        var listings = await db.Listings.AsNoTracking().Where(l => l.Listed && (sku == null || l.Sku == sku)).ToListAsync(cancellationToken);
        var skus = listings.Select(l => l.Sku).Append(sku).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var stock = await db.WarehouseAvailability.AsNoTracking().Where(w => skus.Contains(w.Sku)).ToListAsync(cancellationToken);
        var rules = await db.ChannelExposures.AsNoTracking().ToDictionaryAsync(e => e.ChannelCode, e => e.Rule, cancellationToken);
        var overrides = await db.SkuExposures.AsNoTracking().Where(e => skus.Contains(e.Sku)).ToListAsync(cancellationToken);
        return skus.Select(code =>
        {
            var skuStock = stock.Where(w => w.Sku == code).ToList();
            var shown = listings.Where(l => l.Sku == code && channels.ContainsKey(l.ChannelCode)).Sum(l =>
            {
                var rule = rules.GetValueOrDefault(l.ChannelCode, ExposureRule.Default)
                    .With(overrides.SingleOrDefault(o => o.ChannelCode == l.ChannelCode && o.Sku == code)?.Override);
                return Compute(channels[l.ChannelCode], code, skuStock, rule).Ats;
            });
            var available = skuStock.Sum(w => w.Available);
            return new OversellExposure(code, available, shown, shown - available);
        }).ToList();
    }

    private async Task<ExposureRule> RuleFor(string channel, string sku, CancellationToken cancellationToken)
    {
        var rule = (await db.ChannelExposures.AsNoTracking().SingleOrDefaultAsync(e => e.ChannelCode == channel, cancellationToken))?.Rule ?? ExposureRule.Default;
        var overrides = await db.SkuExposures.AsNoTracking().SingleOrDefaultAsync(e => e.ChannelCode == channel && e.Sku == sku, cancellationToken);
        return rule.With(overrides?.Override);
    }

    /// <summary>The channel sells from its warehouse priority list (every warehouse when it has none).</summary>
    private static ChannelAvailability Compute(Channel channel, string sku, IReadOnlyList<WarehouseAvailability> stock, ExposureRule rule)
    {
        var warehouses = channel.WarehousePriorities.Length > 0 ? channel.WarehousePriorities : stock.Select(w => w.Warehouse).Distinct().Order(StringComparer.Ordinal).ToArray();
        var available = stock.Where(w => warehouses.Contains(w.Warehouse)).Sum(w => w.Available);
        return new ChannelAvailability(channel.Code, sku, available, rule.AvailableToSell(available), rule, warehouses, null, null);
    }
}
