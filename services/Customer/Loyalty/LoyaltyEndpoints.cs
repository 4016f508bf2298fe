using OmniRetail.BuildingBlocks.Retail;
using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.BuildingBlocks.Messaging;
using OmniRetail.BuildingBlocks.Scheduling;
using OmniRetail.Customer.Customers;
using OmniRetail.Customer.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Customer.Loyalty;

public static class LoyaltyEndpoints
{
    public sealed record ProgramRequest(decimal? PointsPerUnit, IReadOnlyList<TierRequest?>? Tiers, int? ExpiryMonths);

    public sealed record TierRequest(string? Name, long? MinPoints);

    public sealed record ProgramView(decimal PointsPerUnit, string BaseCurrency, IReadOnlyList<LoyaltyTier> Tiers, int ExpiryMonths, DateTime UpdatedAt);

    public sealed record RedemptionRequest(long? Points, string? Reference);

    public sealed record EntryView(long Id, string Kind, long Points, string Reference, Guid? OrderId, DateTime At, DateTime? ExpiresAt, long? Remaining);

    public sealed record LedgerView(Guid CustomerId, long Balance, long QualifyingPoints, string? Tier, IReadOnlyList<EntryView> Entries);

    public static void MapLoyalty(this WebApplication app)
    {
        app.MapPut("/api/loyalty/program", PutProgram).WithTags("Loyalty").RequireAuthorization(StaffPolicies.Operations).ProducesValidationProblem()
            .WithSummary("Sets the loyalty programme: points per unit of base currency, tiers, expiry")
            .WithDescription("""
                A delivered order earns ⌊net amount (less refunds) in Retail:BaseCurrency × pointsPerUnit⌋ points. A refund reverses
                ⌊refund in base currency × pointsPerUnit⌋ of the order's points (never more than it earned, never below a zero balance).
                Earned points expire `expiryMonths` after they were earned (0: never), the oldest used first. The tier is the highest whose
                `minPoints` the qualifying points (earned less reversed and expired; redeeming does not demote) reach; a change publishes
                `LoyaltyTierChanged`.
                """);
        app.MapGet("/api/loyalty/program", GetProgram).WithTags("Loyalty").RequireAuthorization(StaffPolicies.Staff).WithSummary("The loyalty programme");
        app.MapGet("/api/customers/{id:guid}/loyalty", Ledger).WithTags("Loyalty").RequireAuthorization(StaffPolicies.CustomerService)
            .WithSummary("The customer's points ledger, balance and tier");
        app.MapPost("/api/customers/{id:guid}/loyalty/redemptions", Redeem).WithTags("Loyalty").RequireAuthorization(StaffPolicies.CustomerService).ProducesValidationProblem()
            .WithSummary("Redeems points")
            .WithDescription("Never below zero: more than the balance is refused (409). Concurrent redemptions take turns on the customer, each succeeding while the balance allows it. The same `reference` again is the same redemption (200 with it, nothing more taken); a reference another redemption used for other points or another customer is refused (409).");
    }

    private static async Task<IResult> PutProgram(ProgramRequest request, CustomerDbContext db, TimeProvider clock, Microsoft.Extensions.Options.IOptions<RetailCurrency> currency,
        CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (request.PointsPerUnit is not > 0 or > 1000)
        {
            errors.Add("pointsPerUnit", "must be more than 0 and at most 1000");
        }

        if (request.ExpiryMonths is not >= 0 or > 120)
        {
            errors.Add("expiryMonths", "must be between 0 (never) and 120");
        }

        var tiers = new List<LoyaltyTier>();
        foreach (var (tier, i) in (request.Tiers ?? []).Select((tier, i) => (tier, i)))
        {
            if (string.IsNullOrWhiteSpace(tier?.Name) || tier.Name.Length > 64)
            {
                errors.Add($"tiers[{i}].name", "is required (at most 64 characters)");
            }
            else if (tiers.Any(t => string.Equals(t.Name, tier.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"tiers[{i}].name", "is given twice");
            }

            if (tier?.MinPoints is not >= 0)
            {
                errors.Add($"tiers[{i}].minPoints", "must be 0 or more");
            }
            else if (tiers.Any(t => t.MinPoints == tier.MinPoints))
            {
                errors.Add($"tiers[{i}].minPoints", "is another tier's minimum");
            }

            if (tier is { Name: { } name, MinPoints: { } min })
            {
                tiers.Add(new LoyaltyTier(name.Trim(), min));
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var program = await db.InTransaction(async () =>
        {
            var row = await db.LoyaltyPrograms.SingleOrDefaultAsync(p => p.Id == 1, cancellationToken);
            if (row is null)
            {
                db.LoyaltyPrograms.Add(row = new LoyaltyProgram());
            }

            row.PointsPerUnit = request.PointsPerUnit!.Value;
            row.Tiers = tiers.OrderBy(t => t.MinPoints).ToList();
            row.ExpiryMonths = request.ExpiryMonths!.Value;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            return row;
        }, cancellationToken);
        return Results.Ok(new ProgramView(program.PointsPerUnit, currency.Value.BaseCurrency, program.Tiers, program.ExpiryMonths, program.UpdatedAt));
    }

    private static async Task<IResult> GetProgram(CustomerDbContext db, Microsoft.Extensions.Options.IOptions<RetailCurrency> currency, CancellationToken cancellationToken) =>
        await db.LoyaltyPrograms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == 1, cancellationToken) is { } program
            ? Results.Ok(new ProgramView(program.PointsPerUnit, currency.Value.BaseCurrency, program.Tiers, program.ExpiryMonths, program.UpdatedAt))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No loyalty programme is set up (PUT /api/loyalty/program)");

    private static async Task<IResult> Ledger(Guid id, CustomerDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } customer)
        {
            return CustomerEndpoints.NotFound();
        }

        var entries = await db.LoyaltyEntries.AsNoTracking().Where(e => e.CustomerId == id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return Results.Ok(new LedgerView(id, customer.LoyaltyBalance, customer.QualifyingPoints, customer.LoyaltyTier, entries.Select(View).ToList()));
    }

    private static async Task<IResult> Redeem(Guid id, RedemptionRequest request, CustomerDbContext db, LoyaltyLedger ledger, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Reference, "reference", 128);
        if (request.Points is not > 0)
        {
            errors.Add("points", "must be more than 0");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (refused, outcome, entry, balance) = await db.InTransaction<(IResult?, LoyaltyLedger.Redemption, LoyaltyEntry?, long)>(async () =>
        {
            if (await CustomerRows.Lock(db, id, cancellationToken) is not { } customer)
            {
                return (CustomerEndpoints.NotFound(), default, null, 0);
            }

            if (!customer.IsActive)
            {
                return (InputErrors.Conflict("id", customer.MergedInto is { } into ? $"was merged into {into}" : "is erased"), default, null, 0);
            }

            var (outcome, entry) = await ledger.Redeem(customer, request.Points!.Value, request.Reference!.Trim(), cancellationToken);
            return (null, outcome, entry, customer.LoyaltyBalance);
        }, cancellationToken);
        // Built after the commit, so the new entry has its id.
        return refused ?? outcome switch
        {
            LoyaltyLedger.Redemption.NotEnough => InputErrors.Conflict("points", $"the balance is {balance} points", "Not enough points"),
            LoyaltyLedger.Redemption.ReferenceTaken => InputErrors.Conflict("reference", "was used by another redemption"),
            LoyaltyLedger.Redemption.AlreadyRedeemed => Results.Ok(new { redemption = View(entry!), balance, repeated = true }),
            _ => Results.Created($"/api/customers/{id}/loyalty", new { redemption = View(entry!), balance, repeated = false }),
        };
    }

    private static EntryView View(LoyaltyEntry e) =>
        new(e.Id, e.Kind, e.Points, e.Reference, e.OrderId, e.At, e.ExpiresAt, e.Kind == LoyaltyEntryKinds.Earned ? e.Remaining : null);
}

/// <summary>Expires points past their expiry (hourly, Customer:LoyaltyExpiry:Schedule).</summary>
public sealed class LoyaltyExpiry(CustomerDbContext db, LoyaltyLedger ledger) : IScheduledJob
{
    public const string Section = "Customer:LoyaltyExpiry";

    public Task Run(CancellationToken cancellationToken) => db.InTransaction(() => ledger.ExpireDue(cancellationToken), cancellationToken);
}
