using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Tickets;

public static class TicketEndpoints
{
    public const int MaxMessageLength = 10_000;

    public sealed record TicketRequest(Guid? CustomerId, string? Email, Guid? OrderId, string? Channel, string? Category, string? Priority, string? Subject, string? Message);

    public sealed record MessageRequest(string? From, string? Body);

    public sealed record AssignRequest(string? Assignee);

    public sealed record StatusRequest(string? Status);

    public static void MapTickets(this WebApplication app)
    {
        var tickets = app.MapGroup("/api/tickets").WithTags("Tickets").RequireAuthorization(StaffPolicies.CustomerService);
        tickets.MapPost("/", Open).ProducesValidationProblem()
            .WithSummary("Opens a service ticket for a customer (by id, or by e-mail: an unknown e-mail becomes a new customer)")
            .WithDescription($"""
                `category`: {string.Join(" | ", TicketCategories.All)}; `priority`: {string.Join(" | ", TicketPriorities.All)}.
                Service-level targets in calendar hours per priority (first response, resolution), configurable at Customer:Sla:(Priority):FirstResponseHours
                and ResolutionHours: urgent 1 / 8, high 4 / 24, normal 8 / 72, low 24 / 120. `firstResponseDueAt` and `resolutionDueAt` move on by
                every stretch the ticket spends Pending on the customer (and the resolution by the time it spends Resolved before a reopen). A missed
                target publishes `TicketSlaBreached` once; the timers are scheduled messages, so they fire after a restart too.
                """);
        tickets.MapGet("/", List).ProducesValidationProblem().WithSummary("Tickets, oldest first (paged): by status, customer, assignee, or breached=true");
        tickets.MapGet("/{id:guid}", Get).WithSummary("A ticket with its messages and service-level clocks");
        tickets.MapPost("/{id:guid}/messages", Message).ProducesValidationProblem()
            .WithSummary("Adds a message (from staff or the customer)")
            .WithDescription("The first staff message meets the first-response target and opens a New ticket; a customer message puts a Pending ticket back to Open.");
        tickets.MapPost("/{id:guid}/assign", Assign).ProducesValidationProblem().WithSummary("Assigns the ticket to a member of staff");
        tickets.MapPost("/{id:guid}/status", Status).ProducesValidationProblem()
            .WithSummary("Moves the ticket: New → Open → Pending → Resolved → Closed, reopening allowed")
            .WithDescription("Allowed moves: New → Open, Pending, Resolved; Open → Pending, Resolved; Pending → Open, Resolved; Resolved → Closed, Open; Closed → Open. Resolving issues a CSAT survey (once per ticket).");
    }

    private static async Task<IResult> Open(TicketRequest request, CustomerDbContext db, IdentityResolution identities, TicketDesk desk, CustomerVault vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Subject, "subject", 200);
        if (string.IsNullOrWhiteSpace(request.Message))
        {
            errors.Add("message", "is required");
        }
        else if (request.Message.Length > MaxMessageLength)
        {
            errors.Add("message", $"must be at most {MaxMessageLength} characters");
        }

        if (request.Category is null || !TicketCategories.All.Contains(request.Category))
        {
            errors.Add("category", $"must be one of {string.Join(", ", TicketCategories.All)}");
        }

        if (request.Priority is null || !TicketPriorities.All.Contains(request.Priority))
        {
            errors.Add("priority", $"must be one of {string.Join(", ", TicketPriorities.All)}");
        }

        if (request.CustomerId is null && request.Email is null)
        {
            errors.Add("customerId", "is required (or give email)");
        }
        else if (request.CustomerId is null && Identity.Email(request.Email) is null)
        {
            errors.Add("email", "is not an e-mail address");
        }

        if (request.Channel is { Length: > 64 })
        {
            errors.Add("channel", "must be at most 64 characters");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var outcome = await db.InTransaction<(IResult? Refused, Guid TicketId)>(async () =>
        {
            CustomerAccount? customer;
            if (request.CustomerId is { } customerId)
            {
                customer = await CustomerRows.Lock(db, customerId, cancellationToken);
                if (customer is null)
                {
                    return (InputErrors.Single("customerId", "is not a known customer"), default);
                }

                if (!customer.IsActive)
                {
                    return (InputErrors.Conflict("customerId", customer.MergedInto is { } into ? $"was merged into {into}" : "is erased"), default);
                }
            }
            else
            {
                customer = await identities.Resolve(new IdentityResolution.Presented(request.Email, null, null, null, null, null, null), cancellationToken);
            }

            if (request.OrderId is { } orderId && await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderId == orderId, cancellationToken) is { CustomerId: { } owner }
                && owner != customer!.Id)
            {
                return (InputErrors.Conflict("orderId", "belongs to another customer"), default);
            }

            var ticket = desk.Open(customer!, request.Category!, request.Priority!, request.Subject!.Trim(), request.Message!.Trim(), TicketAuthors.Customer,
                request.OrderId, request.Channel?.Trim(), openedBy: "staff");
            return (null, ticket.Id);
        }, cancellationToken);
        return outcome.Refused ?? Results.Created($"/api/tickets/{outcome.TicketId}", await View(db, vault, clock, outcome.TicketId, cancellationToken));
    }

    private static async Task<IResult> List(string? status, bool? breached, Guid? customerId, string? assignee, int? limit, string? cursor, CustomerDbContext db,
        CustomerVault vault, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out long after) is { } refused)
        {
            return refused;
        }

        if (status is not null && !TicketStatus.All.Contains(status))
        {
            return InputErrors.Single("status", $"must be one of {string.Join(", ", TicketStatus.All)}");
        }

        var query = db.Tickets.AsNoTracking().Where(t => t.Sequence > after);
        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }

        if (breached is { } isBreached)
        {
            query = isBreached
                ? query.Where(t => t.FirstResponseBreachedAt != null || t.ResolutionBreachedAt != null)
                : query.Where(t => t.FirstResponseBreachedAt == null && t.ResolutionBreachedAt == null);
        }

        if (customerId is not null)
        {
            query = query.Where(t => t.CustomerId == customerId);
        }

        if (assignee is not null)
        {
            query = query.Where(t => t.Assignee == assignee);
        }

        var size = Paging.Size(limit);
        var rows = await query.OrderBy(t => t.Sequence).Take(size + 1).ToListAsync(cancellationToken);
        var ids = rows.Select(t => t.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return Results.Ok(Paging.PageOf(rows, size, t => TicketSummary.Of(t, vault.Open(customers[t.CustomerId], t.SealedSubject), now), t => t.Sequence));
    }

    private static async Task<IResult> Get(Guid id, CustomerDbContext db, CustomerVault vault, TimeProvider clock, CancellationToken cancellationToken) =>
        await View(db, vault, clock, id, cancellationToken) is { } view ? Results.Ok(view) : NoSuchTicket();

    private static async Task<IResult> Message(Guid id, MessageRequest request, CustomerDbContext db, TicketDesk desk, CustomerVault vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (request.From is null || !TicketAuthors.All.Contains(request.From))
        {
            errors.Add("from", $"must be one of {string.Join(", ", TicketAuthors.All)}");
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors.Add("body", "is required");
        }
        else if (request.Body.Length > MaxMessageLength)
        {
            errors.Add("body", $"must be at most {MaxMessageLength} characters");
        }

        return errors.Any ? errors.ToProblem() : await Change(id, db, vault, clock, (ticket, customer) =>
        {
            desk.AddMessage(ticket, customer, request.From!, request.Body!.Trim());
            return null;
        }, cancellationToken);
    }

    private static async Task<IResult> Assign(Guid id, AssignRequest request, CustomerDbContext db, CustomerVault vault, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Assignee, "assignee", 128);
        return errors.Any ? errors.ToProblem() : await Change(id, db, vault, clock, (ticket, _) =>
        {
            ticket.Assignee = request.Assignee!.Trim();
            ticket.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            return null;
        }, cancellationToken);
    }

    private static async Task<IResult> Status(Guid id, StatusRequest request, CustomerDbContext db, TicketDesk desk, CustomerVault vault, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request.Status is null || !TicketStatus.All.Contains(request.Status))
        {
            return InputErrors.Single("status", $"must be one of {string.Join(", ", TicketStatus.All)}");
        }

        return await Change(id, db, vault, clock, (ticket, customer) =>
        {
            if (!TicketStatus.Next[ticket.Status].Contains(request.Status))
            {
                return InputErrors.Conflict("status", $"a {ticket.Status} ticket can move to {string.Join(", ", TicketStatus.Next[ticket.Status])}, not {request.Status}");
            }

            desk.Move(ticket, customer, request.Status);
            return null;
        }, cancellationToken);
    }

    /// <summary>Changes the ticket under its row lock (and its customer's, for sealing and surveys), then answers its view.</summary>
    private static async Task<IResult> Change(Guid id, CustomerDbContext db, CustomerVault vault, TimeProvider clock, Func<Ticket, CustomerAccount, IResult?> change,
        CancellationToken cancellationToken)
    {
        var refused = await db.InTransaction<IResult?>(async () =>
        {
            var ticket = await db.Tickets.FromSql($"""SELECT * FROM tickets WHERE "Id" = {id} FOR UPDATE""").SingleOrDefaultAsync(cancellationToken);
            if (ticket is null)
            {
                return NoSuchTicket();
            }

            var customer = (await CustomerRows.Lock(db, ticket.CustomerId, cancellationToken))!;
            if (customer.ErasedAt is not null)
            {
                return InputErrors.Conflict("id", "the ticket's customer is erased");
            }

            return change(ticket, customer);
        }, cancellationToken);
        return refused ?? Results.Ok(await View(db, vault, clock, id, cancellationToken));
    }

    private static async Task<TicketView?> View(CustomerDbContext db, CustomerVault vault, TimeProvider clock, Guid id, CancellationToken cancellationToken)
    {
        if (await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } t)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == t.CustomerId, cancellationToken);
        var messages = await db.TicketMessages.AsNoTracking().Where(m => m.TicketId == id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new TicketView(
            t.Id, t.Number, t.CustomerId, t.OrderId, t.Channel, t.Category, t.Priority, vault.Open(customer, t.SealedSubject), t.Status, t.Assignee, t.OpenedBy,
            t.CreatedAt, t.UpdatedAt, t.FirstResponseAt, t.ResolvedAt, t.ClosedAt, SlaClock.FirstResponseDue(t, now), SlaClock.ResolutionDue(t, now),
            t.ClockStoppedSince is not null, t.FirstResponseBreachedAt, t.ResolutionBreachedAt, t.Breached,
            messages.Select(m => new TicketMessageView(m.From, vault.Open(customer, m.SealedBody), m.At)).ToList());
    }

    private static IResult NoSuchTicket() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such ticket");
}
