using Microsoft.Extensions.DependencyInjection;

namespace OmniRetail.BuildingBlocks.Retail;

/// <summary>
/// The retailer's base currency (<c>Retail:BaseCurrency</c>) and what one unit of each other currency is worth in it
/// (<c>Retail:ExchangeRates:USD = 0.92</c>): RFM values, loyalty points and the analytics figures are counted in it.
/// </summary>
public sealed class RetailCurrency
{
    public const string Section = "Retail";

    public string BaseCurrency { get; set; } = "EUR";

    public Dictionary<string, decimal> ExchangeRates { get; set; } = [];

    /// <summary>The amount in the base currency; null when no rate is configured for <paramref name="currency"/>.</summary>
    public decimal? ToBase(decimal amount, string currency) =>
        string.Equals(currency, BaseCurrency, StringComparison.OrdinalIgnoreCase) ? amount
        : ExchangeRates.FirstOrDefault(rate => string.Equals(rate.Key, currency, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? amount * found.Value
        : null;

    public bool IsValid() => BaseCurrency is { Length: 3 } && ExchangeRates.All(rate => rate.Key.Length == 3 && rate.Value > 0);
}

public static class RetailCurrencyExtensions
{
    /// <summary>Binds <see cref="RetailCurrency"/>; a bad rate or base currency stops the service at start, naming the setting.</summary>
    public static IServiceCollection AddRetailCurrency(this IServiceCollection services)
    {
        services.AddOptions<RetailCurrency>().BindConfiguration(RetailCurrency.Section)
            .Validate(options => options.IsValid(), "Retail:BaseCurrency must be a currency code and every Retail:ExchangeRates entry a positive rate").ValidateOnStart();
        return services;
    }
}
