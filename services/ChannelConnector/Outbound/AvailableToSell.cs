using Microsoft.EntityFrameworkCore;
using OmniRetail.ChannelConnector.Channels;
using OmniRetail.ChannelConnector.Persistence;

namespace OmniRetail.ChannelConnector.Outbound;

public sealed record ChannelAvailability(string Channel, string Sku, int Available, int Ats, ExposureRule Rule, IReadOnlyList<string> Warehouses, int? LastPushedValue, DateTime? LastPushedAt);

public sealed record OversellExposure(string Sku, int Available, int Shown, int Exposure);

/// <summary>
/// What available-to-sell is computed from, read once for a set of SKUs: the channels, what each warehouse can sell,
/// the channels' rules and the SKUs' overrides. The one place ats is worked out, for the endpoints, the exposure and
/// the values pushed to channels.
/// </summary>
public sealed class AvailabilityFacts
{
    private readonly ILookup<string, WarehouseAvailability> _stock;
    private readonly Dictionary<string, ExposureRule> _rules;
    private readonly Dictionary<(string Channel, string Sku), ExposureOverride> _overrides;

    private AvailabilityFacts(
        Dictionary<string, Channel> channels, ILookup<string, WarehouseAvailability> stock, Dictionary<string, ExposureRule> rules,
        Dictionary<(string, string), ExposureOverride> overrides)
    {
        Channels = channels;
        _stock = stock;
        _rules = rules;
        _overrides = overrides;
    }

    public IReadOnlyDictionary<string, Channel> Channels { get; }

    /// <summary>The facts for <paramref name="skus"/> (upper case).</summary>
    public static async Task<AvailabilityFacts> Load(ChannelDbContext db, IReadOnlyCollection<string> skus, CancellationToken cancellationToken)
    {
        var array = skus.ToArray();
        var channels = await db.Channels.AsNoTracking().ToDictionaryAsync(c => c.Code, cancellationToken);
        var stock = await db.WarehouseAvailability.AsNoTracking().Where(w => array.Contains(w.Sku)).ToListAsync(cancellationToken);
        var rules = await db.ChannelExposures.AsNoTracking().ToDictionaryAsync(e => e.ChannelCode, e => e.Rule, cancellationToken);
        var overrides = await db.SkuExposures.AsNoTracking().Where(e => array.Contains(e.Sku)).ToDictionaryAsync(e => (e.ChannelCode, e.Sku), e => e.Override, cancellationToken);
        return new AvailabilityFacts(channels, stock.ToLookup(w => w.Sku), rules, overrides);
    }

    public ExposureRule RuleFor(string channel, string sku) =>
        _rules.GetValueOrDefault(channel, ExposureRule.Default).With(_overrides.GetValueOrDefault((channel, sku)));

    public int AvailableInAll(string sku) => _stock[sku].Sum(w => w.Available);

    /// <summary>The channel sells from its warehouse priority list (every warehouse when it has none).</summary>
    public ChannelAvailability For(Channel channel, string sku)
    {
        var stock = _stock[sku].ToList();
        var warehouses = channel.WarehousePriorities.Length > 0 ? channel.WarehousePriorities : stock.Select(w => w.Warehouse).Distinct().Order(StringComparer.Ordinal).ToArray();
        var available = stock.Where(w => warehouses.Contains(w.Warehouse)).Sum(w => w.Available);
        var rule = RuleFor(channel.Code, sku);
        return new ChannelAvailability(channel.Code, sku, available, rule.AvailableToSell(available), rule, warehouses, null, null);
    }
}

/// <summary>Available-to-sell per channel and SKU as staff ask for it.</summary>
public sealed class AvailableToSell(ChannelDbContext db)
{
    public async Task<ChannelAvailability> For(Channel channel, string sku, CancellationToken cancellationToken)
    {
        var facts = await AvailabilityFacts.Load(db, [sku], cancellationToken);
        var pushed = await db.Pushes.AsNoTracking().Where(p => p.ChannelCode == channel.Code && p.Sku == sku)
            .Select(p => new { p.PushedStock, p.PushedStockAt }).SingleOrDefaultAsync(cancellationToken);
        return facts.For(channel, sku) with { LastPushedValue = pushed?.PushedStock, LastPushedAt = pushed?.PushedStockAt };
    }

    /// <summary>Per SKU: units shown on every channel that lists it, against the units there are.</summary>
    public async Task<List<OversellExposure>> Exposure(string? sku, CancellationToken cancellationToken)
    {
        var listings = await db.Listings.AsNoTracking().Where(l => l.Listed && (sku == null || l.Sku == sku)).ToListAsync(cancellationToken);
        var skus = listings.Select(l => l.Sku).Append(sku).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var facts = await AvailabilityFacts.Load(db, skus, cancellationToken);
        var bySku = listings.Where(l => facts.Channels.ContainsKey(l.ChannelCode)).ToLookup(l => l.Sku);
        return skus.Select(code =>
        {
            var shown = bySku[code].Sum(l => facts.For(facts.Channels[l.ChannelCode], code).Ats);
            var available = facts.AvailableInAll(code);
            return new OversellExposure(code, available, shown, shown - available);
        }).ToList();
    }
}
