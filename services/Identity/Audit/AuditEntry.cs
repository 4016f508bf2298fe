namespace OmniRetail.Identity.Audit;

/// <summary>One entry of the audit log. <see cref="Hash"/> covers every other field and <see cref="PreviousHash"/>, so changing or removing an entry breaks the chain from there on.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }

    public DateTime At { get; set; }

    public string Actor { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string? ClientAddress { get; set; }

    public string? CorrelationId { get; set; }

    public string Service { get; set; } = "";

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
