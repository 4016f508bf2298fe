using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Persistence;
using OmniRetail.Contracts.Security;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.BuildingBlocks.Auditing;

/// <summary>Names the audit action of an endpoint (<c>staff.roles-changed</c>), and makes a reading endpoint audited too (a data export).</summary>
public sealed record AuditedAttribute(string Action);

public static class AuditEndpointExtensions
{
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuditedAttribute(action));
}

/// <summary>
/// Records every staff action: each request by a signed-in user that changes something (and each reading endpoint
/// marked <see cref="AuditedAttribute"/>) becomes an <see cref="AuditRecorded"/>. When the action saves anything, the
/// entry is stored in the outbox by that same save (<see cref="AuditSaveInterceptor"/>), so it commits or rolls back
/// with the action; a request that saved nothing (refused, denied) is recorded on its own afterwards.
/// </summary>
public sealed class StaffAuditMiddleware(RequestDelegate next, ILogger<StaffAuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (Entry(context) is not { } entry)
        {
            await next(context);
            return;
        }

        var pending = new PendingAudit(entry);
        context.Features.Set(pending);
        var threw = false;
        try
        {
            await next(context);
        }
        catch
        {
            threw = true;
            throw;
        }
        finally
        {
            if (!pending.Committed)
            {
                await RecordApart(context, pending, threw ? StatusCodes.Status500InternalServerError : context.Response.StatusCode);
            }
        }
    }

    private async Task RecordApart(HttpContext context, PendingAudit pending, int statusCode)
    {
        try
        {
            var db = context.RequestServices.GetRequiredService<ServiceDbContext>();
            db.ChangeTracker.Clear();
            context.RequestServices.GetRequiredService<TransactionalOutbox>()
                .Publish(pending.Entry with { Outcome = AuditOutcome.Of(statusCode) }, messageId: pending.MessageId);
            pending.Committed = true;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Could not record the audit entry of {Action} on {Target} by {Actor}", pending.Entry.Action, pending.Entry.Target, pending.Entry.Actor);
        }
    }

    private static AuditRecorded? Entry(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var named = endpoint?.Metadata.GetMetadata<AuditedAttribute>();
        var changes = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method);
        if (endpoint is not RouteEndpoint route || (!changes && named is null) || context.User.FindFirst(StaffClaims.Subject)?.Value is not { } actor
            || !context.Request.Path.StartsWithSegments("/api"))
        {
            return null;
        }

        return new AuditRecorded
        {
            At = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime,
            Actor = actor,
            Roles = [.. context.User.FindAll(StaffClaims.Role).Select(claim => claim.Value)],
            Action = named?.Action ?? $"{context.Request.Method} /{route.RoutePattern.RawText?.Trim('/')}",
            Target = context.Request.Path.Value ?? "",
            Outcome = AuditOutcome.Succeeded,
            ClientAddress = ClientAddress(context),
            CorrelationId = context.Request.Headers[CorrelationHeader].FirstOrDefault() ?? context.TraceIdentifier,
            Service = context.RequestServices.GetRequiredService<ServiceResource>().Name,
        };
    }

    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The caller's address as the gateway saw it (its <c>X-Forwarded-For</c>), else the connection's. Services are reached only through the gateway.</summary>
    public static string? ClientAddress(HttpContext context) =>
        context.Request.Headers["X-Forwarded-For"].FirstOrDefault()?.Split(',')[0].Trim() is { Length: > 0 } forwarded
            ? forwarded
            : context.Connection.RemoteIpAddress?.ToString();
}

/// <summary>The audit entry of the request under way, until a save carries it.</summary>
public sealed class PendingAudit(AuditRecorded entry)
{
    public AuditRecorded Entry { get; } = entry;

    /// <summary>Fixed for the request: however often a retried unit of work stores it, it is appended once.</summary>
    public Guid MessageId { get; } = Guid.NewGuid();

    public bool Committed { get; set; }
}

/// <summary>Puts the request's pending audit entry into the outbox of the first save that changes something, and marks it committed with it.</summary>
public sealed class AuditSaveInterceptor(IHttpContextAccessor http, TimeProvider clock, IMessageBodyProtector protector) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is MessagingDbContext db && Pending() is { Committed: false } pending
            && db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            && !db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.MessageId == pending.MessageId))
        {
            new TransactionalOutbox(db, clock, protector).Publish(pending.Entry, messageId: pending.MessageId);
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            MarkCommitted(eventData.Context);
        }

        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        MarkCommitted(eventData.Context);
        return Task.CompletedTask;
    }

    private void MarkCommitted(DbContext? context)
    {
        if (context is not null && Pending() is { Committed: false } pending
            && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.MessageId == pending.MessageId))
        {
            pending.Committed = true;
        }
    }

    private PendingAudit? Pending() => http.HttpContext?.Features.Get<PendingAudit>();
}
