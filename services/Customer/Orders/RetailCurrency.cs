namespace OmniRetail.Customer.Orders;

/// <summary>
/// The retailer's base currency (<c>Retail:BaseCurrency</c>) and what one unit of each other currency is worth in it
/// (<c>Retail:ExchangeRates:USD = 0.92</c>): RFM's monetary value and loyalty points are counted in it.
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
