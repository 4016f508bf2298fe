using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Auditing;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.Customer.Orders;
using OmniRetail.Customer.Persistence;
using OmniRetail.Customer.PersonalData;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Customers;

public static class CustomerEndpoints
{
    public sealed record MergeRequest(Guid? OtherId);

    public sealed record ConsentRequest(string? Channel, bool? Marketing, string? Source);

    public sealed record CustomerListItem(Guid Id, string? Name, string? Segment, string? LoyaltyTier, DateTime CreatedAt);

    public sealed record OrderHistoryItem(
        Guid OrderId, string Channel, string ExternalId, DateTime? PlacedAt, string Status, string Currency, decimal NetAmount, decimal Total,
        decimal RefundedAmount, IReadOnlyList<OrderedLine> Lines, DateTime? ShippedAt, DateTime? DeliveredAt, DateTime? CancelledAt, Guid? ReplacesOrderId);

    public static void MapCustomers(this WebApplication app)
    {
        var customers = app.MapGroup("/api/customers").WithTags("Customers").RequireAuthorization(StaffPolicies.CustomerService).LimitedToScope();
        customers.MapGet("/", Find).ProducesValidationProblem()
            .WithSummary("Finds a customer by e-mail or phone, or lists customers (by segment)")
            .WithDescription("""
                `email`: trimmed and lower-cased, then found through a keyed hash (no e-mail is stored in plain text).
                `phone`: read as E.164 (a number without a country code as a number of `Customer:Identity:DefaultPhoneCountry`).
                Either answers the customer's page, or 404. Without either, pages the customers (`segment`, `limit`, `cursor`).
                """);
        customers.MapGet("/{id:guid}", Get).WithSummary("The customer's page")
            .WithDescription("Profile, channels with the channel's own customer id, consent (current and history), order count and spend per currency (net amount less refunds, cancelled orders left out), first and last order, RFM scores and segment, loyalty balance and tier, open tickets, issued surveys. A merged-away id answers 200 with `mergedInto`; an erased customer 200 with `erased: true` and no personal field.");
        customers.MapGet("/{id:guid}/orders", Orders).ProducesValidationProblem().WithSummary("The customer's orders, newest first, from the order lifecycle events (paged)");
        customers.MapPost("/{id:guid}/merge", Merge).ProducesValidationProblem()
            .WithSummary("Merges another customer into this one")
            .WithDescription("Orders, returns, tickets, surveys and their answers, consent, identifiers and loyalty move to this customer; the other id then answers with `mergedInto`. Merging a customer into itself, a merged or an erased customer is refused (409).");
        customers.MapPut("/{id:guid}/consent", Consent).ProducesValidationProblem()
            .WithSummary("Records a change of marketing consent on one channel, with its source")
            .WithDescription("Every change is kept with its time and source; the newest per channel is the customer's consent there.");
        customers.MapDelete("/{id:guid}", Erase).RequireAuthorization(StaffPolicies.Admin).Audited("customers.erased")
            .WithSummary("Erases the customer's personal data (admin)")
            .WithDescription("Destroys the customer's data key: their profile, identifiers, ticket subjects and messages and survey comments, all sealed with it, become unreadable at once. Orders' amounts and SKUs, loyalty points and ticket and survey facts stay for accounting and analytics. Publishes `CustomerErased`.");
        customers.MapGet("/{id:guid}/export", Export).Audited("customers.exported").WithSummary("Everything held about the customer, as JSON (access and portability)");
    }

    private static async Task<IResult> Find(string? email, string? phone, string? segment, int? limit, string? cursor,
        CustomerDbContext db, IdentityResolution identities, CustomerProfiles profiles, CustomerVault vault, StaffScope scope, CancellationToken cancellationToken)
    {
        if (email is not null && phone is not null)
        {
            return InputErrors.Single("email", "give either email or phone, not both");
        }

        if (email is not null || phone is not null)
        {
            if (email is not null && Identity.Email(email) is null)
            {
                return InputErrors.Single("email", "is not an e-mail address");
            }

            var found = email is not null ? await identities.FindByEmail(email, cancellationToken) : await identities.FindByPhone(phone!, cancellationToken);
            return found is null || !await CustomerScope.Sees(db, scope, found.Id, cancellationToken) ? NotFound() : Results.Ok(await profiles.View(found, cancellationToken));
        }

        if (Paging.Read(limit, cursor, out string? after) is { } refused)
        {
            return refused;
        }

        var query = db.Customers.AsNoTracking().Where(c => c.MergedInto == null && c.ErasedAt == null).Visible(db, scope);
        if (segment is not null)
        {
            query = query.Where(c => c.Segment == segment);
        }

        if (after is not null && Guid.TryParse(after, CultureInfo.InvariantCulture, out var afterId))
        {
            query = query.Where(c => c.Id.CompareTo(afterId) > 0);
        }

        var size = Paging.Size(limit);
        var rows = await query.OrderBy(c => c.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, c => new CustomerListItem(c.Id, vault.Details(c).Name, c.Segment, c.LoyaltyTier, c.CreatedAt), c => c.Id));
    }

    private static async Task<IResult> Get(Guid id, CustomerDbContext db, CustomerProfiles profiles, CancellationToken cancellationToken) =>
        await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } customer
            ? Results.Ok(await profiles.View(customer, cancellationToken))
            : NotFound();

    private static async Task<IResult> Orders(Guid id, int? limit, string? cursor, CustomerDbContext db, CancellationToken cancellationToken)
    {
        if (Paging.Read(limit, cursor, out string? after) is { } refused)
        {
            return refused;
        }

        if (!await db.Customers.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return NotFound();
        }

        // Newest first; the cursor is the last order's placing time and id.
        var query = db.Orders.AsNoTracking().Where(o => o.CustomerId == id && o.PlacedAt != null);
        if (after?.Split('|') is [var ticks, var orderId] && long.TryParse(ticks, out var t) && Guid.TryParse(orderId, out var last))
        {
            var placed = new DateTime(t, DateTimeKind.Utc);
            query = query.Where(o => o.PlacedAt < placed || (o.PlacedAt == placed && o.OrderId.CompareTo(last) < 0));
        }

        var size = Paging.Size(limit);
        var rows = await query.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.OrderId).Take(size + 1).ToListAsync(cancellationToken);
        return Results.Ok(Paging.PageOf(rows, size, o => new OrderHistoryItem(
            o.OrderId, o.ChannelCode, o.ExternalId, o.PlacedAt, o.Status, o.Currency, o.NetAmount, o.Total, o.RefundedAmount, o.Lines, o.ShippedAt, o.DeliveredAt,
            o.CancelledAt, o.ReplacesOrderId), o => $"{o.PlacedAt!.Value.Ticks}|{o.OrderId}"));
    }

    private static async Task<IResult> Merge(Guid id, MergeRequest request, CustomerDbContext db, CustomerMerge merge, CustomerProfiles profiles, Telemetry.CustomerMetrics metrics,
        CancellationToken cancellationToken)
    {
        if (request.OtherId is not { } otherId)
        {
            return InputErrors.Single("otherId", "is required");
        }

        if (otherId == id)
        {
            return InputErrors.Conflict("otherId", "is this customer: a customer cannot be merged into itself");
        }

        return await db.InTransaction<IResult?>(async () =>
        {
            var rows = await CustomerRows.Lock(db, [id, otherId], cancellationToken);
            if (rows.SingleOrDefault(c => c.Id == id) is not { } survivor)
            {
                return NotFound();
            }

            if (rows.SingleOrDefault(c => c.Id == otherId) is not { } other)
            {
                return InputErrors.Single("otherId", "is not a known customer");
            }

            if (!survivor.IsActive)
            {
                return InputErrors.Conflict("id", survivor.MergedInto is { } into ? $"was merged into {into}: merge into that one" : "is erased");
            }

            if (!other.IsActive)
            {
                return InputErrors.Conflict("otherId", other.MergedInto is { } into ? $"was already merged into {into}" : "is erased");
            }

            await merge.Merge(survivor, other, cancellationToken);
            metrics.CustomerChanged("merged");
            return null;
        }, cancellationToken) ?? Results.Ok(await profiles.View(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken), cancellationToken));
    }

    private static async Task<IResult> Consent(Guid id, ConsentRequest request, CustomerDbContext db, CustomerProfiles profiles, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Channel, "channel", 64).Require(request.Source, "source", 200);
        if (request.Marketing is null)
        {
            errors.Add("marketing", "is required: true or false");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await db.InTransaction<IResult?>(async () =>
        {
            if (await CustomerRows.Lock(db, id, cancellationToken) is not { } customer)
            {
                return NotFound();
            }

            if (!customer.IsActive)
            {
                return InputErrors.Conflict("id", customer.MergedInto is { } into ? $"was merged into {into}" : "is erased");
            }

            db.Consent.Add(new ConsentChange
            {
                CustomerId = id, Channel = request.Channel!.Trim(), Marketing = request.Marketing!.Value, Source = request.Source!.Trim(),
                At = clock.GetUtcNow().UtcDateTime,
            });
            return null;
        }, cancellationToken) ?? Results.Ok(await profiles.View(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken), cancellationToken));
    }

    private static async Task<IResult> Erase(Guid id, CustomerDbContext db, CustomerErasure erasure, CustomerProfiles profiles, CancellationToken cancellationToken)
    {
        return await db.InTransaction<IResult?>(async () =>
        {
            if (await CustomerRows.Lock(db, id, cancellationToken) is not { } customer)
            {
                return NotFound();
            }

            if (customer.MergedInto is { } into)
            {
                return InputErrors.Conflict("id", $"was merged into {into}: erase that customer");
            }

            await erasure.Erase(customer, cancellationToken);
            return null;
        }, cancellationToken) ?? Results.Ok(await profiles.View(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id, cancellationToken), cancellationToken));
    }

    private static async Task<IResult> Export(Guid id, CustomerDbContext db, CustomerExport export, CancellationToken cancellationToken) =>
        await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is { } customer
            ? Results.Ok(await export.Of(customer, cancellationToken))
            : NotFound();

    public static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer");
}
