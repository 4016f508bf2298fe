using Microsoft.EntityFrameworkCore;
using OmniRetail.Analytics.Kpis;
using OmniRetail.Analytics.Persistence;
using OmniRetail.ServiceDefaults.Staff;

namespace OmniRetail.Analytics.Promotions;

public static class PromotionEffectEndpoint
{
    public sealed record EffectReport(
        string Code, string Name, DateTime From, DateTime To, DateTime BaselineFrom, DateTime BaselineTo, string BaseCurrency,
        IReadOnlyList<string> PromotedSkus, IReadOnlyList<string> ControlSkus, int OrdersWithPromotionApplied, string DiscountCostFrom, EffectEstimate Effect);

    public static void MapPromotionEffect(this WebApplication app) =>
        app.MapGet("/api/analytics/promotions/{code}/effect", Effect).WithTags("Promotions").RequireAuthorization(StaffPolicies.Analytics)
            .WithSummary("Did the promotion pay for itself: uplift in units and revenue against a control group, with a 90% interval")
            .WithDescription("""
                The promoted SKUs (named by the promotion, or in its categories) during the promotion (its start to its end, or to now while it runs;
                orders not cancelled, by placedAt) against the same-length period before it, adjusted by the change over the same two periods in a
                control group of the non-promoted SKUs of the same categories (difference in differences):
                baseline = promoted before × (control during ÷ control before); incremental = promoted during − baseline;
                uplift % = 100 × incremental ÷ baseline, in units (`uplift`) and in net revenue (`revenueUplift`, base currency).
                upliftLower/upliftUpper: the 90% bootstrap interval of the uplift (1000 resamples of each group's orders, seeded); significant when it
                leaves out 0. discountCost = the discounts the catalog applied under this promotion's code (`discountCostFrom: applied`), or, where no
                order carries them, Σ over promoted lines during the promotion of max(0, list price × quantity − net amount) (`list price`);
                returnOnDiscount = incremental revenue ÷ discount cost. Fewer than 20 orders of the promoted SKUs in either period (or no control
                group): `uplift` is null and `reason` says why.
                """);

    private static async Task<IResult> Effect(string code, string? format, HttpRequest request, AnalyticsDbContext db, KpiReader money, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await db.Promotions.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken) is not { } promotion)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No promotion {code} is known to Analytics");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = (promotion.StartsAt, promotion.EndsAt < now ? promotion.EndsAt : now);
        if (to <= from)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The promotion has not started yet", detail: $"It starts at {promotion.StartsAt:u}.");
        }

        var baselineFrom = from - (to - from);
        var products = await db.Products.AsNoTracking().ToListAsync(cancellationToken);
        var promoted = products.Where(p => promotion.Skus.Contains(p.Sku) || p.Categories.Intersect(promotion.Categories).Any()).Select(p => p.Sku)
            .Union(promotion.Skus).ToHashSet(StringComparer.Ordinal);
        var categories = products.Where(p => promoted.Contains(p.Sku)).SelectMany(p => p.Categories).ToHashSet();
        var control = products.Where(p => !promoted.Contains(p.Sku) && p.Categories.Any(categories.Contains)).Select(p => p.Sku).ToHashSet(StringComparer.Ordinal);
        var listPrices = products.ToDictionary(p => p.Sku, p => (p.ListPrice, p.Currency));

        var orders = await db.Orders.AsNoTracking().Where(o => o.PlacedAt >= baselineFrom && o.PlacedAt < to && o.CancelledAt == null).ToListAsync(cancellationToken);
        List<EffectOrder> Group(HashSet<string> skus, DateTime start, DateTime end) => orders
            .Where(o => o.PlacedAt >= start && o.PlacedAt < end)
            .Select(o => o.Lines.Where(l => skus.Contains(l.Sku)).Select(l => (l.Quantity, Revenue: money.ToBase(l.NetAmount, o.Currency))).ToList())
            .Where(lines => lines.Count > 0)
            .Select(lines => new EffectOrder(lines.Sum(l => l.Quantity), (double)lines.Sum(l => l.Revenue))).ToList();
        var applied = orders.Where(o => o.PlacedAt >= from && o.Promotions.Any(p => p.Codes.Contains(promotion.Code))).ToList();
        var discountCost = applied.Count > 0
            ? applied.Sum(o => o.Promotions.Where(p => p.Codes.Contains(promotion.Code)).Sum(p => (double)money.ToBase(p.Discount, o.Currency)))
            : orders.Where(o => o.PlacedAt >= from).Sum(o => o.Lines.Where(l => promoted.Contains(l.Sku) && listPrices.ContainsKey(l.Sku))
                .Sum(l => Math.Max(0, (double)(money.ToBase(listPrices[l.Sku].ListPrice * l.Quantity, listPrices[l.Sku].Currency) - money.ToBase(l.NetAmount, o.Currency)))));

        var effect = PromotionEffect.Estimate(Group(promoted, from, to), Group(promoted, baselineFrom, from), Group(control, from, to), Group(control, baselineFrom, from), discountCost);
        var report = new EffectReport(promotion.Code, promotion.Name, from, to, baselineFrom, from, money.BaseCurrency,
            promoted.Order(StringComparer.Ordinal).ToList(), control.Order(StringComparer.Ordinal).ToList(), applied.Count, applied.Count > 0 ? "applied" : "list price", effect);
        return !Reports.Csv.Wanted(request, format) ? Results.Ok(report) : Reports.Csv.Of($"promotion-{promotion.Code}.csv",
            ["code", "from", "to", "uplift", "upliftLower", "upliftUpper", "significant", "revenueUplift", "incrementalUnits", "incrementalRevenue", "discountCost", "returnOnDiscount", "reason"],
            [[promotion.Code, from, to, effect.Uplift, effect.UpliftLower, effect.UpliftUpper, effect.Significant, effect.RevenueUplift, effect.IncrementalUnits, effect.IncrementalRevenue,
                effect.DiscountCost, effect.ReturnOnDiscount, effect.Reason]]);
    }
}
