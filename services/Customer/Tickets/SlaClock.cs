namespace OmniRetail.Customer.Tickets;

/// <summary>Service-level targets per priority in calendar hours (<c>Customer:Sla:{priority}:FirstResponseHours</c>, <c>ResolutionHours</c>).</summary>
public sealed class SlaOptions
{
    public const string Section = "Customer:Sla";

    public SlaTarget Urgent { get; set; } = new() { FirstResponseHours = 1, ResolutionHours = 8 };

    public SlaTarget High { get; set; } = new() { FirstResponseHours = 4, ResolutionHours = 24 };

    public SlaTarget Normal { get; set; } = new() { FirstResponseHours = 8, ResolutionHours = 72 };

    public SlaTarget Low { get; set; } = new() { FirstResponseHours = 24, ResolutionHours = 120 };

    public SlaTarget For(string priority) => priority switch
    {
        TicketPriorities.Urgent => Urgent,
        TicketPriorities.High => High,
        TicketPriorities.Normal => Normal,
        TicketPriorities.Low => Low,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "not a ticket priority"),
    };

    public bool IsValid() => new[] { Urgent, High, Normal, Low }.All(t => t.FirstResponseHours > 0 && t.ResolutionHours >= t.FirstResponseHours);
}

public sealed class SlaTarget
{
    public double FirstResponseHours { get; set; }

    public double ResolutionHours { get; set; }
}

/// <summary>
/// The ticket's two clocks. Both start when it is opened and stand still while it is Pending on the customer (and, for
/// the resolution, while Resolved or Closed); a stop moves every due time not yet met on by its length. The first staff
/// message meets the first-response target (resolving meets it too, if no one wrote).
/// </summary>
public static class SlaClock
{
    public static void Start(Ticket ticket, SlaTarget target, DateTime now)
    {
        ticket.CreatedAt = ticket.UpdatedAt = now;
        ticket.FirstResponseDueAt = now + TimeSpan.FromHours(target.FirstResponseHours);
        ticket.ResolutionDueAt = now + TimeSpan.FromHours(target.ResolutionHours);
    }

    /// <summary>Moves the ticket to <paramref name="status"/>, stopping or restarting the clocks; true when they restarted (timers are due again).</summary>
    public static bool Move(Ticket ticket, string status, DateTime now)
    {
        var wasStopped = TicketStatus.StopsClock(ticket.Status);
        if (wasStopped)
        {
            // The stop so far counts now, before any target is met below.
            var stopped = now - (ticket.ClockStoppedSince ?? now);
            if (ticket.FirstResponseAt is null)
            {
                ticket.FirstResponseDueAt += stopped;
            }

            if (ticket.ResolvedAt is null || status is not (TicketStatus.Resolved or TicketStatus.Closed))
            {
                ticket.ResolutionDueAt += stopped;
            }
        }

        var stops = TicketStatus.StopsClock(status);
        ticket.ClockStoppedSince = stops ? now : null;
        ticket.Status = status;
        ticket.UpdatedAt = now;
        switch (status)
        {
            case TicketStatus.Resolved:
                ticket.ResolvedAt ??= now;
                ticket.FirstResponseAt ??= now;
                break;
            case TicketStatus.Closed:
                ticket.ClosedAt = now;
                ticket.ResolvedAt ??= now;
                ticket.FirstResponseAt ??= now;
                break;
            default:
                ticket.ResolvedAt = null;
                ticket.ClosedAt = null;
                break;
        }

        return wasStopped && !stops;
    }

    /// <summary>The due time as it stands at <paramref name="now"/>: a stop in progress keeps pushing a target not yet met.</summary>
    public static DateTime FirstResponseDue(Ticket ticket, DateTime now) =>
        ticket.FirstResponseAt is null && ticket.ClockStoppedSince is { } since ? ticket.FirstResponseDueAt + (now - since) : ticket.FirstResponseDueAt;

    public static DateTime ResolutionDue(Ticket ticket, DateTime now) =>
        ticket.ResolvedAt is null && ticket.ClockStoppedSince is { } since ? ticket.ResolutionDueAt + (now - since) : ticket.ResolutionDueAt;

    /// <summary>
    /// Whether <paramref name="target"/> is missed at <paramref name="now"/> (not met while its clock ran past the due
    /// time, or met only after it) and not yet recorded as missed.
    /// </summary>
    public static bool Breaches(Ticket ticket, string target, DateTime now) => target switch
    {
        SlaTargets.FirstResponse => ticket.FirstResponseBreachedAt is null && Missed(ticket.FirstResponseAt, ticket.FirstResponseDueAt, ticket, now),
        SlaTargets.Resolution => ticket.ResolutionBreachedAt is null && Missed(ticket.ResolvedAt, ticket.ResolutionDueAt, ticket, now),
        _ => false,
    };

    private static bool Missed(DateTime? metAt, DateTime dueAt, Ticket ticket, DateTime now) =>
        metAt is { } met ? met > dueAt : ticket.ClockStoppedSince is null && now >= dueAt;
}
