using OmniRetail.Contracts.Inventory;

namespace OmniRetail.Contracts.Customers;

// After the sale, as the Customer service publishes it: returns coming back, money going back, service levels missed,
// loyalty tiers changing. Analytics and the channels build on them.

/// <summary>What a returned unit was found to be when it came back.</summary>
public static class ReturnCondition
{
    /// <summary>Goes back to stock in the receiving warehouse (Inventory's ledger reason "return").</summary>
    public const string Resellable = "resellable";

    /// <summary>Scrapped: it never reaches stock again.</summary>
    public const string Damaged = "damaged";

    public static readonly IReadOnlyList<string> All = [Resellable, Damaged];
}

/// <summary>Returned goods arrived at a warehouse; the resellable ones go back to its stock.</summary>
[RequiresSubscriber]
public sealed record ReturnReceived
{
    public required Guid ReturnId { get; init; }

    /// <summary>The return's number (RMA-000001): the reference of the stock movements it causes.</summary>
    public required string Number { get; init; }

    /// <summary>One id per receipt: the same receipt delivered twice is received once.</summary>
    public required Guid ReceiptId { get; init; }

    public required Guid OrderId { get; init; }

    public required string Warehouse { get; init; }

    public required IReadOnlyList<ReturnedLine> Lines { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The units that go back to stock, one line per SKU.</summary>
    public IReadOnlyList<StockLine> Resellable() => Lines.Where(line => line.Condition == ReturnCondition.Resellable && line.Quantity > 0)
        .GroupBy(line => line.Sku.ToUpperInvariant())
        .Select(sku => new StockLine { Sku = sku.Key, Quantity = sku.Sum(line => line.Quantity) }).ToList();
}

public sealed record ReturnedLine
{
    public required string Sku { get; init; }

    public required int Quantity { get; init; }

    /// <summary><see cref="ReturnCondition"/>.</summary>
    public required string Condition { get; init; }
}

/// <summary>Money went back to the customer for returned goods, at the order's paid net unit prices.</summary>
public sealed record RefundIssued
{
    public required Guid ReturnId { get; init; }

    public required Guid OrderId { get; init; }

    /// <summary>Null for an order nobody could be identified on (an anonymous till sale).</summary>
    public Guid? CustomerId { get; init; }

    public required string ChannelCode { get; init; }

    public required decimal Amount { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyList<StockLine> Lines { get; init; }

    public required DateTimeOffset RefundedAt { get; init; }
}

/// <summary>A service ticket missed its first-response or resolution target. Published once per ticket and target.</summary>
public sealed record TicketSlaBreached
{
    public required Guid TicketId { get; init; }

    public required string Number { get; init; }

    /// <summary>"firstResponse" or "resolution".</summary>
    public required string Target { get; init; }

    public required string Priority { get; init; }

    public required DateTimeOffset DueAt { get; init; }

    public required DateTimeOffset BreachedAt { get; init; }
}

/// <summary>A customer's loyalty tier changed (up as points are earned, down as they are reversed or expire).</summary>
public sealed record LoyaltyTierChanged
{
    public required Guid CustomerId { get; init; }

    public string? FromTier { get; init; }

    public string? ToTier { get; init; }

    public required long QualifyingPoints { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>A customer's personal data was erased on request: whoever keeps a copy of it forgets it too.</summary>
public sealed record CustomerErased
{
    public required Guid CustomerId { get; init; }

    public required DateTimeOffset ErasedAt { get; init; }
}

/// <summary>A customer answered a survey (CSAT 1–5 or NPS 0–10). Nothing personal: no comment, no customer.</summary>
public sealed record SurveyAnswered
{
    /// <summary>"csat" or "nps".</summary>
    public required string Kind { get; init; }

    public required int Score { get; init; }

    public string? Channel { get; init; }

    /// <summary>What issued it: "delivery" or "ticket".</summary>
    public required string Trigger { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset AnsweredAt { get; init; }
}

/// <summary>The Customer service found whose order this is (by e-mail, phone or channel customer id, across channels).</summary>
public sealed record CustomerOrderLinked
{
    public required Guid OrderId { get; init; }

    public required Guid CustomerId { get; init; }
}

/// <summary>Customers found to be one person: everything of <see cref="MergedId"/> now belongs to <see cref="SurvivorId"/>.</summary>
public sealed record CustomersMerged
{
    public required Guid SurvivorId { get; init; }

    public required Guid MergedId { get; init; }

    public required DateTimeOffset MergedAt { get; init; }
}

/// <summary>What a survey score means, the one rule every service counts satisfaction by.</summary>
public static class SurveyScores
{
    /// <summary>Customer satisfaction, 1–5.</summary>
    public const string Csat = "csat";

    /// <summary>Net promoter, 0–10.</summary>
    public const string Nps = "nps";

    /// <summary>A CSAT answer of 4 or 5.</summary>
    public static bool Satisfied(int csat) => csat >= 4;

    /// <summary>An NPS answer of 9 or 10.</summary>
    public static bool Promoter(int nps) => nps >= 9;

    /// <summary>An NPS answer of 0 to 6.</summary>
    public static bool Detractor(int nps) => nps <= 6;
}
