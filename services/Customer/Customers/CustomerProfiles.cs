using OmniRetail.BuildingBlocks.Retail;
using Microsoft.EntityFrameworkCore;
using OmniRetail.Contracts.Channels;
using OmniRetail.Customer.Loyalty;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.Customer.Surveys;
using OmniRetail.Customer.Tickets;

namespace OmniRetail.Customer.Customers;

public sealed record ChannelLinkView(string Channel, string? ChannelCustomerId, int Orders, DateTime? FirstOrderAt, DateTime? LastOrderAt);

public sealed record ConsentView(string Channel, bool Marketing, string Source, DateTime At);

public sealed record SpendView(string Currency, decimal Amount);

public sealed record RfmView(int? RecencyDays, int Frequency, decimal Monetary, string BaseCurrency, int? R, int? F, int? M, string? Segment, DateTime? ScoredAt);

public sealed record LoyaltySummary(long Balance, long QualifyingPoints, string? Tier);

/// <summary>The customer's page. Erased: personal fields are null or empty and <c>erased</c> is true.</summary>
public sealed record CustomerView(
    Guid Id, bool Erased, DateTime? ErasedAt, Guid? MergedInto, DateTime CreatedAt,
    string? Name, IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<SubmittedAddress> Addresses,
    IReadOnlyList<ChannelLinkView> Channels, IReadOnlyList<ConsentView> Consent, IReadOnlyList<ConsentView> ConsentHistory,
    int OrderCount, IReadOnlyList<SpendView> Spend, DateTime? FirstOrderAt, DateTime? LastOrderAt,
    RfmView Rfm, LoyaltySummary Loyalty, IReadOnlyList<TicketSummary> OpenTickets, IReadOnlyList<SurveySummary> Surveys);

/// <summary>A merged-away customer: only the pointer to the one that now holds everything.</summary>
public sealed record MergedCustomerView(Guid Id, Guid MergedInto, DateTime? MergedAt);

/// <summary>Builds the customer's page from their own rows; nothing is read from another service.</summary>
public sealed class CustomerProfiles(CustomerDbContext db, CustomerVault vault, Microsoft.Extensions.Options.IOptions<RetailCurrency> currency, TimeProvider clock)
{
    public async Task<object> View(CustomerAccount customer, CancellationToken cancellationToken)
    {
        if (customer.MergedInto is { } survivor)
        {
            return new MergedCustomerView(customer.Id, survivor, customer.MergedAt);
        }

        var erased = customer.ErasedAt is not null;
        var details = erased ? new PersonalDetails() : vault.Details(customer);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id && o.PlacedAt != null)
            .Select(o => new { o.ChannelCode, o.PlacedAt, o.Currency, o.NetAmount, o.RefundedAmount, o.CancelledAt }).ToListAsync(cancellationToken);
        var kept = orders.Where(o => o.CancelledAt == null).ToList();
        var channels = orders.GroupBy(o => o.ChannelCode)
            .Select(g => new ChannelLinkView(g.Key, details.ChannelCustomerIds.GetValueOrDefault(g.Key), g.Count(), g.Min(o => o.PlacedAt), g.Max(o => o.PlacedAt)))
            .Concat(details.ChannelCustomerIds.Where(link => orders.All(o => o.ChannelCode != link.Key)).Select(link => new ChannelLinkView(link.Key, link.Value, 0, null, null)))
            .OrderBy(c => c.Channel).ToList();
        var history = erased ? [] : await db.Consent.AsNoTracking().Where(c => c.CustomerId == customer.Id).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new ConsentView(c.Channel, c.Marketing, c.Source, c.At)).ToListAsync(cancellationToken);
        var consent = history.GroupBy(c => c.Channel).Select(g => g.Last()).OrderBy(c => c.Channel).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var openTickets = await db.Tickets.AsNoTracking().Where(t => t.CustomerId == customer.Id && (t.Status == TicketStatus.New || t.Status == TicketStatus.Open || t.Status == TicketStatus.Pending))
            .OrderBy(t => t.Sequence).ToListAsync(cancellationToken);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.CustomerId == customer.Id).OrderByDescending(s => s.IssuedAt).ToListAsync(cancellationToken);
        return new CustomerView(
            customer.Id, erased, customer.ErasedAt, null, customer.CreatedAt,
            details.Name, details.Emails, details.Phones, details.Addresses,
            channels, consent, history,
            kept.Count, kept.GroupBy(o => o.Currency).OrderBy(g => g.Key).Select(g => new SpendView(g.Key, g.Sum(o => o.NetAmount - o.RefundedAmount))).ToList(),
            orders.Min(o => o.PlacedAt), orders.Max(o => o.PlacedAt),
            new RfmView(customer.RecencyDays, customer.Frequency, customer.Monetary, currency.Value.BaseCurrency, customer.RecencyScore, customer.FrequencyScore, customer.MonetaryScore, customer.Segment, customer.ScoredAt),
            new LoyaltySummary(customer.LoyaltyBalance, customer.QualifyingPoints, customer.LoyaltyTier),
            openTickets.Select(t => TicketSummary.Of(t, erased ? null : vault.Open(customer, t.SealedSubject), now)).ToList(),
            surveys.Select(s => SurveySummary.Of(s, now)).ToList());
    }
}
