namespace OmniRetail.Customer.Surveys;

/// <summary>One survey sent to a customer, answered once through its token before it expires.</summary>
public sealed class Survey
{
    /// <summary>Unguessable (128 random bits, URL-safe): the survey's link is the only way to answer it.</summary>
    public required string Token { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary><see cref="SurveyKinds"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>What issued it: "delivery" or "ticket".</summary>
    public required string Trigger { get; set; }

    public Guid? OrderId { get; set; }

    public Guid? TicketId { get; set; }

    public string? Channel { get; set; }

    /// <summary>The calendar quarter of an NPS survey (2026-Q4): one per customer per quarter.</summary>
    public string? Quarter { get; set; }

    public DateTime IssuedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? AnsweredAt { get; set; }

    public int? Score { get; set; }

    /// <summary>Sealed with the customer's data key.</summary>
    public string? SealedComment { get; set; }

    public string StatusAt(DateTime now) => AnsweredAt is not null ? "answered" : now >= ExpiresAt ? "expired" : "open";
}

public static class SurveyKinds
{
    /// <summary>Customer satisfaction, 1–5; 4 and 5 count as satisfied.</summary>
    public const string Csat = Contracts.Customers.SurveyScores.Csat;

    /// <summary>Net promoter, 0–10: 9–10 promoters, 7–8 passives, 0–6 detractors.</summary>
    public const string Nps = Contracts.Customers.SurveyScores.Nps;

    public static (int Min, int Max) Scale(string kind) => kind == Nps ? (0, 10) : (1, 5);

    public static string Question(string kind, string trigger) => (kind, trigger) switch
    {
        (Nps, _) => "How likely are you to recommend us to a friend or colleague?",
        (_, SurveyTriggers.Ticket) => "How satisfied are you with how we handled your request?",
        _ => "How satisfied are you with your order?",
    };
}

public static class SurveyTriggers
{
    public const string Delivery = "delivery";
    public const string Ticket = "ticket";
}
