using MassTransit;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Inbox;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Contracts.Security;
using OmniRetail.Identity.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Identity.Audit;

/// <summary>Appends what every service recorded to the chain, once per message (the inbox), one entry at a time (an advisory lock).</summary>
public sealed class AuditRecordedConsumer(IdentityDbContext db, TransactionalOutbox outbox, MessagingMetrics metrics) : InboxConsumer<AuditRecorded>(db, outbox, metrics)
{
    protected override async Task Handle(ConsumeContext<AuditRecorded> context)
    {
        var message = context.Message;
        await AdvisoryLocks.Take(db, "audit:", ["chain"], context.CancellationToken);
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(context.CancellationToken);
        db.AuditEntries.Add(AuditChain.Link(new AuditEntry
        {
            At = DateTime.SpecifyKind(message.At, DateTimeKind.Utc), Actor = message.Actor, Roles = [.. message.Roles], Action = message.Action,
            Target = message.Target, Outcome = message.Outcome, ClientAddress = message.ClientAddress, CorrelationId = message.CorrelationId,
            Service = message.Service,
        }, last));
    }
}

public static class AuditEndpoints
{
    public sealed record AuditEntryView(
        long Sequence, DateTime At, string Actor, IReadOnlyList<string> Roles, string Action, string Target, string Outcome, string? ClientAddress,
        string? CorrelationId, string Service, string Hash, string PreviousHash);

    public sealed record VerifyResponse(bool Valid, long Entries, long? FirstBrokenEntry);

    public static void MapAudit(this WebApplication app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(StaffPolicies.Admin);
        audit.MapGet("/", Entries).ProducesValidationProblem()
            .WithSummary("The audit log in sequence order (paged): every staff action and security event of every service")
            .WithDescription("""
                Filters: `from`, `to` (ISO 8601 times), `actor`, `action` (exact). Staff actions are named by their endpoint (`POST /api/orders/{id}/cancel`) or an
                event name (`staff.roles-changed`); security events are `auth.sign-in`, `auth.lockout`, `auth.refresh`, `auth.refresh-reused`, `auth.sign-out`,
                `auth.password-changed`, `auth.mfa-enrolled`, `auth.signing-key-rotated`. `outcome`: succeeded | refused | denied | failed, or what a sign-in
                ended in (locked, mfa-required, unknown-user…). Each entry's `hash` is SHA-256 (hex) of the JSON array [sequence, at (ISO 8601 to the
                microsecond, UTC), actor, roles, action, target, outcome, clientAddress, correlationId, service, previousHash]; `previousHash` is the
                entry before's hash, 64 zeros for the first.
                """);
        audit.MapGet("/verify", Verify)
            .WithSummary("Walks the whole chain: valid, how many entries, and the first entry whose sequence, link or hash does not hold")
            .WithDescription("An entry changed or deleted in the database breaks the chain at that entry (or at the one after a deleted entry).");
    }

    private static async Task<IResult> Entries(DateTime? from, DateTime? to, string? actor, string? action, string? cursor, int? limit, IdentityDbContext db,
        CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long after) is { } problem)
        {
            return problem;
        }

        if (from > to)
        {
            return InputErrors.Single("to", "must not be before from");
        }

        var query = db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after);
        if (from is { } start)
        {
            var utc = start.ToUniversalTime();
            query = query.Where(e => e.At >= utc);
        }

        if (to is { } end)
        {
            var utc = end.ToUniversalTime();
            query = query.Where(e => e.At < utc);
        }

        if (!string.IsNullOrEmpty(actor))
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (!string.IsNullOrEmpty(action))
        {
            query = query.Where(e => e.Action == action);
        }

        var size = Paging.Size(limit);
        var rows = await query.OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, e => new AuditEntryView(e.Sequence, e.At, e.Actor, e.Roles, e.Action, e.Target, e.Outcome, e.ClientAddress,
            e.CorrelationId, e.Service, e.Hash, e.PreviousHash), e => e.Sequence));
    }

    private static async Task<IResult> Verify(IdentityDbContext db, CancellationToken cancellationToken)
    {
        var verifier = new AuditChain.Verifier();
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            verifier.Check(entry);
        }

        return Results.Ok(new VerifyResponse(verifier.FirstBroken is null, verifier.Checked, verifier.FirstBroken));
    }
}
