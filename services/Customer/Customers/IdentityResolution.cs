using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Contracts.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;

namespace OmniRetail.Customer.Customers;

/// <summary>Where the customer's country is unknown, a phone written without a country code is read as a number of this country.</summary>
public sealed class IdentityOptions
{
    public const string Section = "Customer:Identity";

    public string DefaultPhoneCountry { get; set; } = "DE";
}

/// <summary>
/// Finds the customer an order belongs to: the same normalised e-mail, the same phone in E.164, or the same channel
/// customer id is the same customer, whatever the channel. An order that joins two customers merges them (the older
/// survives), because by this rule they were one person all along.
/// </summary>
public sealed class IdentityResolution(CustomerDbContext db, CustomerVault vault, CustomerMerge merge, IOptions<IdentityOptions> options, TimeProvider clock, Telemetry.CustomerMetrics metrics)
{
    public sealed record Presented(string? Email, string? Phone, string? Country, string? ChannelCode, string? ChannelCustomerId, string? Name,
        Contracts.Channels.SubmittedAddress? Address);

    public static Presented Of(OrderPlaced placed) => new(placed.Customer.Email, placed.Customer.Phone, placed.ShippingAddress?.Country ?? placed.ShipToCountry,
        placed.ChannelCode, placed.Customer.ChannelCustomerId, placed.Customer.Name, placed.ShippingAddress);

    /// <summary>The customer, created if nobody matches; null when nothing identifies them (an anonymous till sale).</summary>
    public async Task<CustomerAccount?> Resolve(Presented who, CancellationToken cancellationToken)
    {
        var email = Identity.Email(who.Email);
        var phone = Identity.Phone(who.Phone, who.Country, options.Value.DefaultPhoneCountry);
        var channelId = who.ChannelCode is { Length: > 0 } channel && who.ChannelCustomerId is { Length: > 0 } id && id != "0"
            ? $"{channel}:{id.Trim()}" : null;
        var presented = new List<(string Kind, string Lookup)>();
        if (email is not null)
        {
            presented.Add((IdentifierKinds.Email, vault.Lookup(IdentifierKinds.Email, email)));
        }

        if (phone is not null)
        {
            presented.Add((IdentifierKinds.Phone, vault.Lookup(IdentifierKinds.Phone, phone)));
        }

        if (channelId is not null)
        {
            presented.Add((IdentifierKinds.ChannelCustomer, vault.Lookup(IdentifierKinds.ChannelCustomer, channelId)));
        }

        if (presented.Count == 0)
        {
            return null;
        }

        // Two orders of a new customer arriving together must not create them twice.
        var lookups = presented.Select(p => p.Lookup).ToList();
        await AdvisoryLocks.Take(db, "identity:", lookups, cancellationToken);
        var known = await db.Identifiers.Where(i => lookups.Contains(i.Lookup)).ToListAsync(cancellationToken);
        var matches = await CustomerRows.Lock(db, known.Select(i => i.CustomerId).ToList(), cancellationToken);
        var survivors = matches.Where(c => c.IsActive).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        CustomerAccount customer;
        if (survivors.Count == 0)
        {
            customer = vault.NewCustomer();
            db.Customers.Add(customer);
            metrics.CustomerChanged("created");
        }
        else
        {
            customer = survivors[0];
            foreach (var other in survivors.Skip(1))
            {
                await merge.Merge(customer, other, cancellationToken);
                metrics.CustomerChanged("merged");
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (kind, lookup) in presented.Where(p => known.All(k => k.Kind != p.Kind || k.Lookup != p.Lookup)))
        {
            db.Identifiers.Add(new CustomerIdentifier { Kind = kind, Lookup = lookup, CustomerId = customer.Id, AddedAt = now });
        }

        vault.Keep(customer, vault.Details(customer).With(new PersonalDetails
        {
            Name = string.IsNullOrWhiteSpace(who.Name) ? null : who.Name.Trim(),
            Emails = email is null ? [] : [email],
            Phones = phone is null ? [] : [phone],
            Addresses = who.Address is { Line1: not null } address ? [address] : [],
            ChannelCustomerIds = channelId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [who.ChannelCode!] = who.ChannelCustomerId!.Trim() },
        }));
        return customer;
    }

    /// <summary>The customer with this e-mail, found by its keyed hash; null when none is active.</summary>
    public async Task<CustomerAccount?> FindByEmail(string email, CancellationToken cancellationToken) =>
        Identity.Email(email) is { } normalised ? await Find(IdentifierKinds.Email, normalised, cancellationToken) : null;

    public async Task<CustomerAccount?> FindByPhone(string phone, CancellationToken cancellationToken) =>
        Identity.Phone(phone, null, options.Value.DefaultPhoneCountry) is { } normalised ? await Find(IdentifierKinds.Phone, normalised, cancellationToken) : null;

    private async Task<CustomerAccount?> Find(string kind, string value, CancellationToken cancellationToken)
    {
        var lookup = vault.Lookup(kind, value);
        return await db.Customers.AsNoTracking()
            .Where(c => db.Identifiers.Any(i => i.Kind == kind && i.Lookup == lookup && i.CustomerId == c.Id) && c.MergedInto == null && c.ErasedAt == null)
            .SingleOrDefaultAsync(cancellationToken);
    }
}
