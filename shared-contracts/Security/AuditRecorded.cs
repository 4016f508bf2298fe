namespace OmniRetail.Contracts.Security;

/// <summary>How an audited action ended.</summary>
public static class AuditOutcome
{
    public const string Succeeded = "succeeded";

    /// <summary>Refused before anything changed: bad input (4xx) or a state that does not allow it.</summary>
    public const string Refused = "refused";

    /// <summary>The caller lacked the role, scope or credentials (401, 403).</summary>
    public const string Denied = "denied";

    public const string Failed = "failed";

    public static string Of(int statusCode) => statusCode switch
    {
        < 400 => Succeeded,
        401 or 403 => Denied,
        < 500 => Refused,
        _ => Failed,
    };
}

/// <summary>
/// A staff action or security event, as the service that saw it records it: in the same transaction as the action
/// itself (through its outbox), so a crash never loses one. The Identity service appends it to the hash-chained audit
/// log; the message id makes a redelivery append nothing.
/// </summary>
[RequiresSubscriber]
public sealed record AuditRecorded
{
    public required DateTime At { get; init; }

    /// <summary>The user name, or the name tried for an anonymous sign-in.</summary>
    public required string Actor { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>What was done: a named event (<c>auth.sign-in</c>, <c>staff.roles-changed</c>) or the endpoint (<c>POST /api/orders/{id}/cancel</c>).</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to: the request path, or the account or secret concerned.</summary>
    public required string Target { get; init; }

    /// <summary>One of <see cref="AuditOutcome"/>, or a named result (<c>locked</c>).</summary>
    public required string Outcome { get; init; }

    public string? ClientAddress { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>The service that saw it.</summary>
    public required string Service { get; init; }
}
