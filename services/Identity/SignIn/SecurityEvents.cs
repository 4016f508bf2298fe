using Microsoft.AspNetCore.Http;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.Contracts.Security;

namespace OmniRetail.Identity.SignIn;

/// <summary>Security events of anonymous requests (sign-in, refresh, password change), stored in the outbox of the unit of work they happen in.</summary>
public sealed class SecurityEvents(TransactionalOutbox outbox, IHttpContextAccessor http, TimeProvider clock)
{
    public const string SignIn = "auth.sign-in";
    public const string Lockout = "auth.lockout";
    public const string Refresh = "auth.refresh";
    public const string RefreshReuse = "auth.refresh-reused";
    public const string SignOut = "auth.sign-out";
    public const string PasswordChange = "auth.password-changed";

    public void Record(string action, string actor, IReadOnlyList<string> roles, string outcome, string? target = null)
    {
        var context = http.HttpContext;
        outbox.Publish(new AuditRecorded
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Roles = roles,
            Action = action,
            Target = target ?? actor,
            Outcome = outcome,
            ClientAddress = context is null ? null : StaffAuditMiddleware.ClientAddress(context),
            CorrelationId = context?.Request.Headers[StaffAuditMiddleware.CorrelationHeader].FirstOrDefault() ?? context?.TraceIdentifier,
            Service = "identity",
        });
    }
}
