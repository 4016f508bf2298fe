using System.Globalization;

namespace OmniRetail.Order.Carriers;

/// <summary>One weight band of a service's price list: a parcel up to <paramref name="MaxWeightGrams"/> costs <paramref name="Price"/>.</summary>
public sealed record CarrierRate(int MaxWeightGrams, decimal Price, string Currency);

public sealed record CarrierServiceOffer(string Code, string Name, IReadOnlyList<string> Countries, int TransitDays, IReadOnlyList<CarrierRate> Rates);

/// <summary>The carrier service chosen for a shipment, and why.</summary>
public sealed record ChosenCarrierService(string Carrier, string Service, decimal Price, string Currency, int TransitDays, string Reason, bool PromiseAtRisk);

/// <summary>
/// Which carrier service ships a parcel. The services that fit serve the destination country and the parcel's weight
/// (the smallest band with maxWeightGrams ≥ the weight prices it). Of those, the cheapest whose transit days are within
/// the channel's promise (no promise: all) wins; ties go to fewer transit days, then to the carrier code. When services
/// fit but none keeps the promise, the fastest is chosen (ties: cheaper, then carrier code) and the promise is at risk.
/// None fits: null.
/// </summary>
public static class CarrierChoice
{
    public const string Rule =
        "Services that serve the destination country and the parcel's weight (the catalog's weightGrams × quantities; the smallest rate band with " +
        "maxWeightGrams ≥ the weight prices it) fit. The cheapest whose transitDays ≤ the channel's promisedDeliveryDays (no promise: any) wins; ties: " +
        "fewer transit days, then carrier code. Services fit but none keeps the promise: the fastest (ties: cheaper, then carrier code), promiseAtRisk. " +
        "None fits: a delivery problem for staff.";

    public static ChosenCarrierService? Choose(IEnumerable<(string Carrier, CarrierServiceOffer Service)> services, string country, int weightGrams, int? promisedDays)
    {
        var fitting = services
            .Where(s => s.Service.Countries.Contains(country, StringComparer.OrdinalIgnoreCase))
            .Select(s => (s.Carrier, s.Service, Rate: s.Service.Rates.Where(r => r.MaxWeightGrams >= weightGrams).MinBy(r => r.MaxWeightGrams)))
            .Where(s => s.Rate is not null)
            .ToList();
        if (fitting.Count == 0)
        {
            return null;
        }

        var weight = string.Create(CultureInfo.InvariantCulture, $"{weightGrams} g to {country.ToUpperInvariant()}");
        var keeping = fitting.Where(s => promisedDays is not { } days || s.Service.TransitDays <= days).ToList();
        if (keeping.Count > 0)
        {
            var best = keeping.OrderBy(s => s.Rate!.Price).ThenBy(s => s.Service.TransitDays).ThenBy(s => s.Carrier, StringComparer.Ordinal)
                .ThenBy(s => s.Service.Code, StringComparer.Ordinal).First();
            var promise = promisedDays is { } promised ? $"within the {promised}-day promise" : "no delivery promise";
            return Chosen(best.Carrier, best.Service, best.Rate!, $"cheapest of {keeping.Count} service(s) for {weight}, {promise}", promiseAtRisk: false);
        }

        var fastest = fitting.OrderBy(s => s.Service.TransitDays).ThenBy(s => s.Rate!.Price).ThenBy(s => s.Carrier, StringComparer.Ordinal)
            .ThenBy(s => s.Service.Code, StringComparer.Ordinal).First();
        return Chosen(fastest.Carrier, fastest.Service, fastest.Rate!,
            $"none of {fitting.Count} service(s) for {weight} delivers within the {promisedDays}-day promise: the fastest, {fastest.Service.TransitDays} days", promiseAtRisk: true);
    }

    private static ChosenCarrierService Chosen(string carrier, CarrierServiceOffer service, CarrierRate rate, string reason, bool promiseAtRisk) =>
        new(carrier, service.Code, rate.Price, rate.Currency, service.TransitDays, reason, promiseAtRisk);
}
