namespace OmniRetail.Customer.Tickets;

public sealed record TicketSummary(
    Guid Id, string Number, string Status, string Category, string Priority, string? Subject, string? Assignee, DateTime CreatedAt,
    DateTime FirstResponseDueAt, DateTime ResolutionDueAt, bool Breached)
{
    public static TicketSummary Of(Ticket t, string? subject, DateTime now) => new(
        t.Id, t.Number, t.Status, t.Category, t.Priority, subject, t.Assignee, t.CreatedAt, SlaClock.FirstResponseDue(t, now), SlaClock.ResolutionDue(t, now), t.Breached);
}

public sealed record TicketMessageView(string From, string? Body, DateTime At);

/// <summary>A ticket with its messages; <c>subject</c> and <c>body</c> are null once the customer is erased.</summary>
public sealed record TicketView(
    Guid Id, string Number, Guid CustomerId, Guid? OrderId, string? Channel, string Category, string Priority, string? Subject, string Status,
    string? Assignee, string OpenedBy, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FirstResponseAt, DateTime? ResolvedAt, DateTime? ClosedAt,
    DateTime FirstResponseDueAt, DateTime ResolutionDueAt, bool ClockPaused, DateTime? FirstResponseBreachedAt, DateTime? ResolutionBreachedAt, bool Breached,
    IReadOnlyList<TicketMessageView> Messages);
