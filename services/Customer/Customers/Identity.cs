using PhoneNumbers;

namespace OmniRetail.Customer.Customers;

/// <summary>How an e-mail or a phone is written before it is compared: the same person types them differently on each channel.</summary>
public static class Identity
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Trimmed and lower-case; null unless it looks like an address (something@something).</summary>
    public static string? Email(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        return trimmed is { Length: >= 3 and <= 320 } && trimmed.IndexOf('@') is > 0 and var at && at < trimmed.Length - 1 ? trimmed : null;
    }

    /// <summary>
    /// E.164 (+4930123456). A number written without its country code is read as a number of <paramref name="country"/>
    /// (the order's ship-to country), else of <paramref name="fallbackCountry"/>; null when it is not a valid number.
    /// </summary>
    public static string? Phone(string? phone, string? country, string fallbackCountry)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        try
        {
            var parsed = Phones.Parse(phone.Trim(), (country is { Length: 2 } ? country : fallbackCountry).ToUpperInvariant());
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
