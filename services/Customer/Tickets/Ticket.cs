namespace OmniRetail.Customer.Tickets;

/// <summary>A customer's request to the service desk, with its two service-level targets (first response, resolution).</summary>
public sealed class Ticket
{
    public Guid Id { get; set; }

    public long Sequence { get; set; }

    /// <summary>T-000001: what staff and the customer quote.</summary>
    public string Number { get; set; } = "";

    public Guid CustomerId { get; set; }

    public Guid? OrderId { get; set; }

    public string? Channel { get; set; }

    public required string Category { get; set; }

    public required string Priority { get; set; }

    /// <summary>Sealed with the customer's data key.</summary>
    public required string SealedSubject { get; set; }

    public string Status { get; set; } = TicketStatus.New;

    public string? Assignee { get; set; }

    /// <summary>Who or what opened it: staff, or the event that did (a failed delivery, a return).</summary>
    public string OpenedBy { get; set; } = "staff";

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FirstResponseAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>Since when the clocks stand still (Pending on the customer, Resolved, Closed); null while they run.</summary>
    public DateTime? ClockStoppedSince { get; set; }

    /// <summary>When the first response is due, counting every pause before it; frozen once answered.</summary>
    public DateTime FirstResponseDueAt { get; set; }

    /// <summary>When the resolution is due, counting every pause so far (not the one in progress).</summary>
    public DateTime ResolutionDueAt { get; set; }

    public DateTime? FirstResponseBreachedAt { get; set; }

    public DateTime? ResolutionBreachedAt { get; set; }

    public bool Breached => FirstResponseBreachedAt is not null || ResolutionBreachedAt is not null;
}

public sealed class TicketMessage
{
    public long Id { get; set; }

    public Guid TicketId { get; set; }

    /// <summary><see cref="TicketAuthors"/>.</summary>
    public required string From { get; set; }

    /// <summary>Sealed with the customer's data key.</summary>
    public required string SealedBody { get; set; }

    public DateTime At { get; set; }
}
