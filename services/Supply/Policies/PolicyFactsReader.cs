using Microsoft.EntityFrameworkCore;
using OmniRetail.Supply.Demand;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.PurchaseOrders;
using OmniRetail.Supply.Settings;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Policies;

/// <summary>Gathers <see cref="PolicyFacts"/> for SKUs that have a supplier offer, from Supply's own tables.</summary>
public sealed class PolicyFactsReader(SupplyDbContext db, TimeProvider clock)
{
    public async Task<SupplySettings> Settings(CancellationToken cancellationToken) =>
        (await db.GlobalSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken))?.Value ?? new SupplySettings();

    /// <summary>Every SKU that can be planned: it has at least one supplier offer.</summary>
    public Task<List<string>> PlannableSkus(CancellationToken cancellationToken) =>
        db.Offers.Select(o => o.Sku).Distinct().OrderBy(sku => sku).ToListAsync(cancellationToken);

    /// <param name="settings">The global settings, when the caller has read them already.</param>
    public async Task<List<PolicyFacts>> Read(IReadOnlyCollection<string> skus, CancellationToken cancellationToken, SupplySettings? settings = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var since = today.AddDays(-PolicyCalculator.ForecastHistoryDays);
        settings ??= await Settings(cancellationToken);
        var overrides = await db.SkuSettings.AsNoTracking().Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, s => s.Value, cancellationToken);

        var live = await (from line in db.DemandLines
                          join order in db.DemandOrders on line.OrderId equals order.OrderId
                          where skus.Contains(line.Sku) && !order.Cancelled && line.Date >= since
                          group line by new { line.Sku, line.Date } into day
                          select new { day.Key.Sku, day.Key.Date, Quantity = day.Sum(l => l.Quantity) }).ToListAsync(cancellationToken);
        var imported = await db.ImportedDemand.AsNoTracking().Where(d => skus.Contains(d.Sku) && d.Date >= since).ToListAsync(cancellationToken);
        var stockouts = await db.StockoutDays.AsNoTracking().Where(d => skus.Contains(d.Sku) && d.Date >= since).ToListAsync(cancellationToken);
        var firstDemand = await db.DemandLines.Where(l => skus.Contains(l.Sku)).GroupBy(l => l.Sku).Select(g => new { g.Key, First = g.Min(l => l.Date) }).ToDictionaryAsync(g => g.Key, g => g.First, cancellationToken);
        var firstImport = await db.ImportedDemand.Where(d => skus.Contains(d.Sku)).GroupBy(d => d.Sku).Select(g => new { g.Key, First = g.Min(d => d.Date) }).ToDictionaryAsync(g => g.Key, g => g.First, cancellationToken);
        var arrivals = await db.Arrivals.AsNoTracking().Where(a => skus.Contains(a.Sku)).OrderBy(a => a.ReceivedAt).ToListAsync(cancellationToken);
        var positions = await db.Positions.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, cancellationToken);
        var offers = await db.Offers.AsNoTracking().Where(o => skus.Contains(o.Sku)).ToListAsync(cancellationToken);
        var supplierCodes = offers.Select(o => o.SupplierCode).Distinct().ToList();
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => supplierCodes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, cancellationToken);
        var leadTimes = await ObservedLeadTimes(supplierCodes, cancellationToken);
        var onOrder = await OpenQuantities(PurchaseOrderStatus.IsOnOrder, cancellationToken);

        var facts = new List<PolicyFacts>();
        foreach (var sku in skus)
        {
            var (offer, choice) = PreferredOffer(offers.Where(o => o.Sku == sku).ToList());
            if (offer is null)
            {
                continue;
            }

            var supplier = suppliers[offer.SupplierCode];
            var demand = new Dictionary<DateOnly, double>();
            foreach (var day in live.Where(d => d.Sku == sku))
            {
                demand[day.Date] = demand.GetValueOrDefault(day.Date) + day.Quantity;
            }

            foreach (var day in imported.Where(d => d.Sku == sku))
            {
                demand[day.Date] = demand.GetValueOrDefault(day.Date) + day.Quantity;
            }

            var position = positions.GetValueOrDefault(sku);
            var outDays = stockouts.Where(d => d.Sku == sku).Select(d => d.Date)
                .Concat(imported.Where(d => d.Sku == sku && d.Stockout).Select(d => d.Date))
                .Concat(position?.OutOfStockSince is { } outSince ? StockoutDays.Touched(outSince, now) : [])
                .ToHashSet();
            var skuArrivals = arrivals.Where(a => a.Sku == sku).ToList();
            DateOnly?[] firsts = [firstDemand.TryGetValue(sku, out var d1) ? d1 : null, firstImport.TryGetValue(sku, out var d2) ? d2 : null,
                skuArrivals.Count > 0 ? DateOnly.FromDateTime(skuArrivals[0].ReceivedAt) : null];
            facts.Add(new PolicyFacts
            {
                Sku = sku, Today = today, Settings = settings.Defaults.With(overrides.GetValueOrDefault(sku)),
                DailyDemand = demand, StockoutDays = outDays, KnownSince = firsts.Where(d => d is not null).Min(),
                Supplier = supplier.Code, SupplierChoice = choice,
                StatedLeadTime = new LeadTime(supplier.LeadTimeDays, supplier.LeadTimeStdDevDays, "stated"),
                ObservedLeadTimes = leadTimes.GetValueOrDefault(supplier.Code) ?? [],
                OrderCost = (double)supplier.OrderCost,
                PriceTiers = [new PriceTier(0, offer.UnitCost), .. offer.PriceBreaks.OrderBy(b => b.MinQuantity).Select(b => new PriceTier(b.MinQuantity, b.UnitCost))],
                MinOrderQuantity = offer.MinOrderQuantity, PackSize = offer.PackSize,
                OnHand = position?.OnHand ?? 0, InTransit = position?.InTransit ?? 0, OnOrder = onOrder.GetValueOrDefault(sku),
                Reserved = position?.Reserved ?? 0, Backordered = position?.Backordered ?? 0, Available = position?.Available ?? 0,
                Arrivals = skuArrivals.Select(a => new StockArrival(DateOnly.FromDateTime(a.ReceivedAt), a.Quantity)).ToList(),
            });
        }

        return facts;
    }

    /// <summary>The offer ordered from: the one marked preferred, else the cheapest.</summary>
    public static (SupplierOffer? Offer, string Choice) PreferredOffer(IReadOnlyList<SupplierOffer> offers) =>
        offers.FirstOrDefault(o => o.Preferred) is { } preferred
            ? (preferred, "preferred")
            : (offers.OrderBy(o => o.UnitCost).ThenBy(o => o.SupplierCode, StringComparer.Ordinal).FirstOrDefault(), "cheapest (no offer is marked preferred)");

    /// <summary>Open units per SKU over the purchase orders whose status passes <paramref name="counts"/>.</summary>
    public async Task<Dictionary<string, int>> OpenQuantities(Func<string, bool> counts, CancellationToken cancellationToken)
    {
        var open = PurchaseOrderStatus.All.Where(counts).ToList();
        var orders = await db.PurchaseOrders.AsNoTracking().Where(o => open.Contains(o.Status)).Select(o => o.Lines).ToListAsync(cancellationToken);
        return orders.SelectMany(lines => lines).GroupBy(line => line.Sku).ToDictionary(sku => sku.Key, sku => sku.Sum(line => line.Open));
    }

    /// <summary>Sent → fully received, in days, per supplier, oldest first.</summary>
    public async Task<Dictionary<string, double[]>> ObservedLeadTimes(IReadOnlyCollection<string> supplierCodes, CancellationToken cancellationToken)
    {
        var received = await db.PurchaseOrders.AsNoTracking()
            .Where(o => supplierCodes.Contains(o.SupplierCode) && o.FullyReceivedAt != null && o.SentAt != null)
            .Select(o => new { o.SupplierCode, o.SentAt, o.FullyReceivedAt }).ToListAsync(cancellationToken);
        return received.GroupBy(o => o.SupplierCode).ToDictionary(s => s.Key, s => SupplierScorecard.LeadTimes(
            s.Select(o => new DeliveryRecord(true, false, o.SentAt, null, o.FullyReceivedAt, 0, 0))));
    }
}
