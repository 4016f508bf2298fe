namespace OmniRetail.Customer.Tickets;

/// <summary>A ticket's statuses and the moves between them (reopening included): the one table every endpoint reads.</summary>
public static class TicketStatus
{
    public const string New = nameof(New);
    public const string Open = nameof(Open);
    public const string Pending = nameof(Pending);
    public const string Resolved = nameof(Resolved);
    public const string Closed = nameof(Closed);

    public static readonly IReadOnlyList<string> All = [New, Open, Pending, Resolved, Closed];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Next = new Dictionary<string, IReadOnlyList<string>>
    {
        [New] = [Open, Pending, Resolved],
        [Open] = [Pending, Resolved],
        [Pending] = [Open, Resolved],
        [Resolved] = [Closed, Open],
        [Closed] = [Open],
    };

    /// <summary>Where the service-level clocks stand still: waiting on the customer, or done.</summary>
    public static bool StopsClock(string status) => status is Pending or Resolved or Closed;

    public static bool IsOpen(string status) => status is New or Open or Pending;
}

public static class TicketCategories
{
    public static readonly IReadOnlyList<string> All = ["question", "delivery", "return", "complaint", "other"];
}

public static class TicketPriorities
{
    public const string Low = "low";
    public const string Normal = "normal";
    public const string High = "high";
    public const string Urgent = "urgent";

    public static readonly IReadOnlyList<string> All = [Low, Normal, High, Urgent];
}

public static class TicketAuthors
{
    public const string Staff = "staff";
    public const string Customer = "customer";

    public static readonly IReadOnlyList<string> All = [Staff, Customer];
}

public static class SlaTargets
{
    public const string FirstResponse = "firstResponse";
    public const string Resolution = "resolution";
}
