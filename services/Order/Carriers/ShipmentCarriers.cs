using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Channels;
using OmniRetail.Contracts.Inventory;
using OmniRetail.Order.Persistence;

namespace OmniRetail.Order.Carriers;

/// <summary>The facts the carrier choice needs for one shipment (its weight, destination and the channel's promise), read from the Order service's own tables.</summary>
public static class ShipmentCarriers
{
    /// <summary>The service chosen for a packed shipment, or null with what stopped it, in words.</summary>
    public static async Task<(ChosenCarrierService? Chosen, string Problem)> Choose(
        OrderDbContext db, OrderSubmitted order, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken)
    {
        var grams = await WeightOf(db, lines, cancellationToken);
        var country = order.ShippingAddress?.Country ?? "";
        var carriers = await db.Carriers.AsNoTracking().ToListAsync(cancellationToken);
        var chosen = CarrierChoice.Choose(carriers.SelectMany(c => c.Services.Select(s => (c.Code, s))), country, grams, order.PromisedDeliveryDays);
        return (chosen, $"No carrier service serves {country} for {grams} g: ship with carrier, service and overrideReason");
    }

    /// <summary>The service staff chose instead, priced like any other (no band fits the weight: priced 0, and the reason says so).</summary>
    public static async Task<ChosenCarrierService> Override(
        OrderDbContext db, IReadOnlyList<StockLine> lines, string carrierCode, string serviceCode, string reason, CancellationToken cancellationToken)
    {
        var grams = await WeightOf(db, lines, cancellationToken);
        var service = (await db.Carriers.AsNoTracking().SingleAsync(c => c.Code == carrierCode, cancellationToken)).Services.Single(s => s.Code == serviceCode);
        var rate = service.Rates.Where(r => r.MaxWeightGrams >= grams).MinBy(r => r.MaxWeightGrams);
        return new ChosenCarrierService(carrierCode, serviceCode, rate?.Price ?? 0, rate?.Currency ?? service.Rates[0].Currency, service.TransitDays,
            $"chosen by staff: {reason}{(rate is null ? $" (no rate band for {grams} g)" : "")}", PromiseAtRisk: false);
    }

    /// <summary>The catalog's weightGrams × quantities; a SKU the catalog gave no weight counts 0.</summary>
    public static async Task<int> WeightOf(OrderDbContext db, IReadOnlyList<StockLine> lines, CancellationToken cancellationToken)
    {
        var skus = lines.Select(l => l.Sku).Distinct().ToArray();
        var weights = await db.KnownProducts.AsNoTracking().Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.WeightGrams, cancellationToken);
        return lines.Sum(l => (weights.GetValueOrDefault(l.Sku) ?? 0) * l.Quantity);
    }
}
