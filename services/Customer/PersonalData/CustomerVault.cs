using System.Security.Cryptography;
using System.Text.Json;
using MassTransit;
using OmniRetail.BuildingBlocks.PersonalData;
using OmniRetail.Customer.Customers;

namespace OmniRetail.Customer.PersonalData;

/// <summary>
/// Envelope encryption per customer: each customer's personal values are sealed with their own data key, which is
/// stored only sealed with the service key. Whatever was sealed for an erased customer (no key left) opens as null.
/// </summary>
public sealed class CustomerVault(PersonalDataProtector protector, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public CustomerAccount NewCustomer() => new()
    {
        Id = NewId.NextGuid(),
        CreatedAt = clock.GetUtcNow().UtcDateTime,
        WrappedKey = protector.WrapDataKey(PersonalDataProtector.NewDataKey()),
        SealedDetails = null,
    };

    public string Seal(CustomerAccount customer, string plaintext) =>
        PersonalDataProtector.Seal(Key(customer) ?? throw new InvalidOperationException($"Customer {customer.Id} has been erased; nothing can be sealed for them."), plaintext);

    /// <summary>The value, or null when the customer's key is gone (erased, merged away).</summary>
    public string? Open(CustomerAccount customer, string? sealedText)
    {
        if (sealedText is null || Key(customer) is not { } key)
        {
            return null;
        }

        try
        {
            return PersonalDataProtector.Open(key, sealedText);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>A value sealed for one customer, sealed again for another (a merge moves it to the survivor).</summary>
    public string? Reseal(string? sealedText, CustomerAccount from, CustomerAccount to) =>
        Open(from, sealedText) is { } plain ? Seal(to, plain) : sealedText;

    public PersonalDetails Details(CustomerAccount customer) =>
        Open(customer, customer.SealedDetails) is { } json ? JsonSerializer.Deserialize<PersonalDetails>(json, Json) ?? new PersonalDetails() : new PersonalDetails();

    public void Keep(CustomerAccount customer, PersonalDetails details) =>
        customer.SealedDetails = Seal(customer, JsonSerializer.Serialize(details, Json));

    /// <summary>What an identifier is found by: a keyed hash, so the table never holds an address or a number.</summary>
    public string Lookup(string kind, string normalisedValue) => protector.LookupKey($"{kind}:{normalisedValue}");

    /// <summary>Destroys the customer's key: everything sealed under it is unreadable from now on, by anyone.</summary>
    public static void DestroyKey(CustomerAccount customer)
    {
        customer.WrappedKey = null;
        customer.SealedDetails = null;
    }

    private byte[]? Key(CustomerAccount customer) => customer.WrappedKey is { } wrapped ? protector.UnwrapDataKey(wrapped) : null;
}
