using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Messaging.Outbox;
using OmniRetail.BuildingBlocks.Messaging.Redelivery;
using OmniRetail.ServiceDefaults;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.BuildingBlocks.Http;

/// <summary>
/// Every service's dead messages, for an operator: those the broker would never take, and those that failed at this
/// service's consumers after every retry and redelivery. Listed newest first; a replay sends one again now.
/// </summary>
public static class DeadMessageEndpoints
{
    public sealed record DeadMessage(
        long Id, Guid MessageId, string MessageType, string? Destination, int Attempts, int Redeliveries, string? LastError, DateTime? DeadAt);

    public static void MapDeadMessages(this IEndpointRouteBuilder app, ServiceResource service)
    {
        var dead = app.MapGroup($"/api/{service.RoutePrefix}/messages/dead").WithTags("Dead messages").RequireAuthorization(StaffPolicies.Operations);
        dead.MapGet("/", List).ProducesValidationProblem()
            .WithSummary("Messages this service could not deliver, or could not process after every retry and redelivery; newest first, paged")
            .WithDescription("The count is exported as `omniretail.outbox.dead`. `limit` and `cursor` page the list as everywhere else.");
        dead.MapPost("/{id:long}/replay", Replay).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends a dead message again now: to its consumer's queue, with its original message id, so it takes effect at most once");
    }

    private static async Task<IResult> List(int? limit, string? cursor, MessagingDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long after) is { } refusal)
        {
            return refusal;
        }

        var size = Paging.Size(limit);
        var rows = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(message => message.DeadAt != null && (after == 0 || message.SequenceNumber < after))
            .OrderByDescending(message => message.SequenceNumber)
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, View, message => message.SequenceNumber));
    }

    private static async Task<IResult> Replay(long id, MessagingDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var replayed = await db.Set<OutboxMessage>()
            .Where(message => message.SequenceNumber == id && message.DeadAt != null)
            .ExecuteUpdateAsync(update => update
                .SetProperty(message => message.DeadAt, (DateTime?)null)
                .SetProperty(message => message.Attempts, 0)
                .SetProperty(message => message.DueAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
        return replayed == 1
            ? Results.Accepted(value: new { id, status = "replaying" })
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dead message {id}");
    }

    private static DeadMessage View(OutboxMessage message) => new(message.SequenceNumber, message.MessageId, message.MessageType,
        message.DestinationAddress, message.Attempts,
        int.TryParse(MessageRedelivery.ReadHeaders(message.Headers).GetValueOrDefault(MessageRedelivery.CountHeader), out var count) ? count : 0,
        message.LastError, message.DeadAt);
}
