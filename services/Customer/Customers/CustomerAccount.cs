namespace OmniRetail.Customer.Customers;

/// <summary>
/// One person, whatever channels they buy on. Their personal data is one document sealed with their own data key
/// (<see cref="WrappedKey"/>, itself sealed with the service key): erasure destroys that key, and with it every
/// value sealed under it, here and in their tickets and survey answers.
/// </summary>
public sealed class CustomerAccount
{
    public Guid Id { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The customer this one was merged into; it then holds nothing of its own.</summary>
    public Guid? MergedInto { get; set; }

    public DateTime? MergedAt { get; set; }

    public DateTime? ErasedAt { get; set; }

    /// <summary>The customer's data key, sealed with the service key; null once erased.</summary>
    public string? WrappedKey { get; set; }

    /// <summary><see cref="PersonalDetails"/> as JSON, sealed with the customer's data key.</summary>
    public string? SealedDetails { get; set; }

    public int? RecencyDays { get; set; }

    public int Frequency { get; set; }

    public decimal Monetary { get; set; }

    public int? RecencyScore { get; set; }

    public int? FrequencyScore { get; set; }

    public int? MonetaryScore { get; set; }

    public string? Segment { get; set; }

    public DateTime? ScoredAt { get; set; }

    public long LoyaltyBalance { get; set; }

    /// <summary>Points earned less points reversed and expired: what the tier is judged on (redeeming never demotes).</summary>
    public long QualifyingPoints { get; set; }

    public string? LoyaltyTier { get; set; }

    public bool IsActive => MergedInto is null && ErasedAt is null;
}

/// <summary>What identifies the customer: every e-mail and phone they used, every address they had goods sent to.</summary>
public sealed record PersonalDetails
{
    public string? Name { get; init; }

    public IReadOnlyList<string> Emails { get; init; } = [];

    public IReadOnlyList<string> Phones { get; init; } = [];

    public IReadOnlyList<Contracts.Channels.SubmittedAddress> Addresses { get; init; } = [];

    /// <summary>Channel code → the channel's own id for the customer.</summary>
    public IReadOnlyDictionary<string, string> ChannelCustomerIds { get; init; } = new Dictionary<string, string>();

    /// <summary>How many e-mails, phones and addresses the page keeps (the newest): identity itself rests on every identifier ever seen.</summary>
    public const int Kept = 20;

    public PersonalDetails With(PersonalDetails more) => new()
    {
        Name = more.Name ?? Name,
        Emails = Newest(Emails.Union(more.Emails, StringComparer.OrdinalIgnoreCase)),
        Phones = Newest(Phones.Union(more.Phones)),
        Addresses = Newest(Addresses.Union(more.Addresses)),
        ChannelCustomerIds = ChannelCustomerIds.Concat(more.ChannelCustomerIds).GroupBy(pair => pair.Key).ToDictionary(g => g.Key, g => g.Last().Value),
    };

    private static List<T> Newest<T>(IEnumerable<T> values)
    {
        var all = values.ToList();
        return all.Skip(Math.Max(0, all.Count - Kept)).ToList();
    }
}

/// <summary>An e-mail or phone, found by its keyed hash: the same one on any channel leads to the same customer.</summary>
public sealed class CustomerIdentifier
{
    public required string Kind { get; set; }

    public required string Lookup { get; set; }

    public Guid CustomerId { get; set; }

    public DateTime AddedAt { get; set; }
}

public static class IdentifierKinds
{
    public const string Email = "email";
    public const string Phone = "phone";

    /// <summary>A channel's own customer id, prefixed by the channel's code.</summary>
    public const string ChannelCustomer = "channel";
}

/// <summary>One change of marketing consent on a channel: the history is kept, the newest per channel stands.</summary>
public sealed class ConsentChange
{
    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    public required string Channel { get; set; }

    public bool Marketing { get; set; }

    public required string Source { get; set; }

    public DateTime At { get; set; }
}
