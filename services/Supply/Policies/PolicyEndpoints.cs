using Microsoft.EntityFrameworkCore;
using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Settings;

namespace OmniRetail.Supply.Policies;

public static class PolicyEndpoints
{
    public sealed record SkuSummary(
        string Sku, string Abc, string Xyz, string Status, IReadOnlyList<string> Alerts, double SafetyStock, double ReorderPoint, double Eoq, int OrderQuantity,
        int Position, double? DaysOfSupply, string Supplier, DateTime ComputedAt);

    public sealed record RecomputeResult(int Recomputed, DateTime At);

    public const string Formulas = """
        Computed exactly like this (days are the unit of time):
        - d, σd: mean and sample standard deviation of daily demand over the last windowDays complete days before today (a day with no demand recorded counts as 0), stockout days excluded. Demand = units ordered on every channel, stores included; an order cancelled before it shipped is taken out; imported history adds to it.
        - L, σL: lead time of the preferred supplier (the cheapest offer when none is marked), from its last 12 fully received POs (sent → fully received) once there are at least 3, otherwise its stated figures (`inputs.leadTimeSource`).
        - z = Φ⁻¹(serviceLevel). SS = z·√((L+R)·σd² + d²·σL²); ROP = d·(L+R) + SS, R = reviewPeriodDays.
        - EOQ with all-units price breaks: D = 365·d, S = the supplier's orderCost; for each price tier Q = √(2DS / (rate·unitCost)), raised to the tier's minimum if below it; the tier with the lowest D·unitCost + D·S/Q + rate·unitCost·Q/2 wins. `results.eoq` is that Q unrounded; `orderQuantity` = the smallest multiple of packSize ≥ max(EOQ, minOrderQuantity) (at least one pack).
        - Forecast: additive Holt-Winters with a damped trend (level, trend, weekly season; α, β, γ and damping φ fitted by grid search on one-step squared errors) for the next 28 days. Its backtest on the last 28 days of history is scored by MASE next to a seasonal-naive forecast (last week repeated); when it beats it, d = the forecast's mean (`inputs.dailyDemandSource` = forecast). Needs 56 days of history.
        - ABC by annual consumption value D × unitCost over all SKUs with a policy, ranked descending: cumulative share (itself included) ≤ abcA (80%) is A, ≤ abcB (95%) B, else C. XYZ by the coefficient of variation (sample σ ÷ mean) of the last 12 complete ISO weeks' totals: ≤ xyzX (0.5) X, ≤ xyzY (1.0) Y, else Z (also Z without demand).
        - position = onHand + onOrder − reserved − backordered (onOrder: open quantities of Sent and PartiallyReceived POs). `inTransit` (units between warehouses) is shown beside it and is not part of it. daysOfSupply = available (on hand − reserved) ÷ d; annualTurnover = 365·d(history) ÷ onHand; ageing: on-hand units by age of the receipts they came from, FIFO (the oldest leave first), units older than every known receipt count as over 180 days.
        - status: low when position ≤ ROP, overstock when position > ROP + 2·EOQ, else ok.
        """;

    public static void MapPolicies(this WebApplication app)
    {
        var supply = app.MapGroup("/api/supply").WithTags("Policies");
        supply.MapGet("/skus/{sku}/policy", Get).RequireAuthorization(StaffPolicies.Staff)
            .WithSummary("A SKU's inventory policy: the inputs it used and the results (safety stock, reorder point, EOQ, forecast, ABC/XYZ, position)")
            .WithDescription(Formulas);
        supply.MapGet("/skus", List).RequireAuthorization(StaffPolicies.Staff).ProducesValidationProblem()
            .WithSummary("Every SKU with a policy; `abc` A/B/C, `xyz` X/Y/Z, `status` ok/low/overstock filter it");
        supply.MapPost("/policies/recompute", async (PolicyRecompute recompute, TimeProvider clock, CancellationToken ct) =>
                Results.Ok(new RecomputeResult(await recompute.All(ct), clock.GetUtcNow().UtcDateTime)))
            .RequireAuthorization(StaffPolicies.Purchasing)
            .WithSummary("Recomputes every SKU's policy now (the nightly job does the same)");
    }

    private static async Task<IResult> Get(string sku, SupplyDbContext db, PolicyFactsReader reader, PolicyRecompute recompute, CancellationToken cancellationToken)
    {
        sku = sku.ToUpperInvariant();
        if (await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Sku == sku, cancellationToken) is { } stored)
        {
            return Results.Ok(stored.View);
        }

        if (await db.Skus.FindAsync([sku], cancellationToken) is null)
        {
            return SettingsEndpoints.UnknownSku(sku);
        }

        // Never computed yet (an offer added since the last run): all SKUs, so that its ABC class is ranked among them.
        if (!(await reader.PlannableSkus(cancellationToken)).Contains(sku))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No policy",
                detail: $"{sku} has no supplier offer yet; PUT /api/supply/suppliers/{{code}}/offers/{sku} first");
        }

        await recompute.All(cancellationToken);
        return Results.Ok((await db.Policies.AsNoTracking().SingleAsync(p => p.Sku == sku, cancellationToken)).View);
    }

    private static async Task<IResult> List(string? abc, string? xyz, string? status, SupplyDbContext db, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (abc is not (null or "A" or "B" or "C"))
        {
            errors.Add("abc", "must be A, B or C");
        }

        if (xyz is not (null or "X" or "Y" or "Z"))
        {
            errors.Add("xyz", "must be X, Y or Z");
        }

        if (status is not (null or "ok" or "low" or "overstock"))
        {
            errors.Add("status", "must be ok, low or overstock");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var policies = await db.Policies.AsNoTracking()
            .Where(p => (abc == null || p.Abc == abc) && (xyz == null || p.Xyz == xyz) && (status == null || p.Status == status))
            .OrderBy(p => p.Sku).ToListAsync(cancellationToken);
        return Results.Ok(policies.Select(p => p.View).Select(v => new SkuSummary(
            v.Sku, v.Classification.Abc, v.Classification.Xyz, v.Status, v.Alerts, v.Results.SafetyStock, v.Results.ReorderPoint, v.Results.Eoq, v.Results.OrderQuantity,
            v.Position.Position, v.Position.DaysOfSupply, v.Inputs.Supplier, v.ComputedAt)));
    }
}
