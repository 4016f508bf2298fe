using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Kpis;
using OmniRetail.Analytics.Persistence;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Analytics.Recommendations;

public static class RecommendationEndpoints
{
    public sealed record Recommendation(string Sku, double Support, double Confidence, double Lift, int Baskets, IReadOnlyList<string> Because);

    private const string Definitions =
        "support(A→B) = baskets containing A and B ÷ all baskets; confidence = support(A→B) ÷ support(A); lift = confidence ÷ support(B). A basket is an order not cancelled; itemsets of up to 3 SKUs are mined (Apriori) over a window (Analytics:Recommendations:WindowDays, 180), keeping itemsets with support ≥ MinSupport (0.005) and rules with confidence ≥ MinConfidence (0.05).";

    public static void MapRecommendations(this WebApplication app)
    {
        var group = app.MapGroup("/api/analytics/recommendations").WithTags("Recommendations").RequireAuthorization(StaffPolicies.Analytics);
        group.MapGet("/", ForSku).ProducesValidationProblem()
            .WithSummary("What is bought with a SKU: rules sku → other, strongest lift first")
            .WithDescription(Definitions + " Without `channel`, `from` or `to`, the rules of the last refresh answer; with any of them the baskets of that channel and window (`from` defaults to 180 days before `to`, `to` to now) are mined for this answer.");
        group.MapGet("/customers/{customerId:guid}", ForCustomer)
            .WithSummary("Items associated with what the customer bought that they have not bought yet (from the last refresh)")
            .WithDescription(Definitions + " A rule counts when the customer bought its whole antecedent; each SKU once, with its strongest rule (`because`).");
        group.MapPost("/refresh", async (RecommendationRefresh refresh, CancellationToken ct) => Results.Ok(await refresh.Refresh(ct)))
            .WithSummary("Mines the rules now (also on Analytics:Recommendations:Schedule, hourly)").WithDescription(Definitions);
    }

    private static async Task<IResult> ForSku(string? sku, int? limit, string? channel, string? from, string? to, string? format, HttpRequest request, AnalyticsDbContext db,
        RecommendationRefresh refresh, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(sku, "sku", 64);
        if (limit is < 1 or > 100)
        {
            errors.Add("limit", "must be between 1 and 100");
        }

        DateTime start = default, end = default;
        if (from is not null && !Periods.TryParse(from, out start))
        {
            errors.Add("from", "must be an ISO 8601 date-time or date");
        }

        if (to is not null && !Periods.TryParse(to, out end))
        {
            errors.Add("to", "must be an ISO 8601 date-time or date");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var key = sku!.Trim().ToUpperInvariant();
        IEnumerable<AssociationRule> rules;
        if (channel is null && from is null && to is null)
        {
            rules = (await db.Rules.AsNoTracking().Where(r => r.Antecedent == key).ToListAsync(cancellationToken)).Select(r => r.ToRule());
        }
        else
        {
            end = to is null ? clock.GetUtcNow().UtcDateTime : end;
            start = from is null ? end.AddDays(-180) : start;
            if (end <= start)
            {
                return InputErrors.Single("to", "must be after from");
            }

            rules = refresh.Mine(await refresh.Baskets(start, end, channel, cancellationToken));
        }

        var answer = AssociationMiner.For(rules, key).OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenBy(r => r.Consequent)
            .Take(limit ?? 10).Select(View).ToList();
        return Reports.Csv.Wanted(request, format) ? Csv($"recommendations-{key}.csv", answer) : Results.Ok(answer);
    }

    private static async Task<IResult> ForCustomer(Guid customerId, int? limit, string? format, HttpRequest request, AnalyticsDbContext db, CancellationToken cancellationToken)
    {
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == customerId && o.CancelledAt == null && o.PlacedAt != null).Select(o => o.Lines).ToListAsync(cancellationToken);
        if (orders.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No orders of this customer are known to Analytics");
        }

        var bought = orders.SelectMany(lines => lines.Select(l => l.Sku)).ToHashSet(StringComparer.Ordinal);
        var rules = (await db.Rules.AsNoTracking().ToListAsync(cancellationToken)).Select(r => r.ToRule());
        var items = AssociationMiner.ForBasket(rules, bought).Take(limit ?? 10).Select(View).ToList();
        return Reports.Csv.Wanted(request, format)
            ? Csv($"recommendations-{customerId}.csv", items)
            : Results.Ok(new { customerId, bought = bought.Order(StringComparer.Ordinal), items });
    }

    private static IResult Csv(string fileName, IEnumerable<Recommendation> items) => Reports.Csv.Of(fileName, ["sku", "support", "confidence", "lift", "baskets", "because"],
        items.Select(r => (IReadOnlyList<object?>)[r.Sku, r.Support, r.Confidence, r.Lift, r.Baskets, string.Join('+', r.Because)]));


    private static Recommendation View(AssociationRule rule) =>
        new(rule.Consequent, Math.Round(rule.Support, 6), Math.Round(rule.Confidence, 6), Math.Round(rule.Lift, 6), rule.Baskets, rule.Antecedent);
}
