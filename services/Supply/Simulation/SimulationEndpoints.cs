using OmniRetail.BuildingBlocks.Http;
using OmniRetail.ServiceDefaults.Staff;
using OmniRetail.Supply.Persistence;
using OmniRetail.Supply.Policies;
using OmniRetail.Supply.Settings;

namespace OmniRetail.Supply.Simulation;

public static class SimulationEndpoints
{
    public const int MaxPolicies = 10;

    /// <summary>days × runs × policies, the number of simulated days one request may ask for.</summary>
    public const long MaxSimulatedDays = 5_000_000;

    public sealed record SimulationRequest(string? Sku, int? Days, int? Runs, int? Seed, IReadOnlyList<PolicyRequest?>? Policies);

    public sealed record PolicyRequest(double? ServiceLevel, int? ReviewPeriodDays, int? OrderQuantity);

    public sealed record SimulationResult(
        string Sku, int Days, int Runs, int Seed, int HistoryDays, double LeadTimeDays, double LeadTimeStdDevDays, double UnitCost, double HoldingCostRate,
        double OrderCost, IReadOnlyList<SimulationOutcome> Policies);

    public static void MapSimulations(this WebApplication app)
    {
        app.MapPost("/api/supply/simulations", Simulate).WithTags("Simulation").RequireAuthorization(StaffPolicies.Purchasing).ProducesValidationProblem()
            .WithSummary("Monte Carlo of the SKU's stock under each policy, side by side; the same seed gives the same figures")
            .WithDescription($"""
                Demand is drawn day by day from the SKU's own daily history (the last 364 days, stockout days left out); lead times from a normal with the policy's L and σL, rounded to whole days and at least 1. Demand that finds no stock is lost.
                Each policy (serviceLevel, reviewPeriodDays R, orderQuantity Q, default the SKU's orderQuantity) gets ROP from the SKU's d and σd as the policy endpoint computes it, and every R days (daily when 0) orders the smallest multiple of Q that lifts on hand + on order above ROP. Every run starts with ROP + Q on hand; all policies meet the same demand and lead times.
                Per policy, averaged over runs: fillRate (units served ÷ demanded), cycleServiceLevel (share of replenishment cycles, delivery to delivery, without a stockout), stockoutDays, averageOnHand, holdingCost (averageOnHand × unitCost × holdingCostRate × days/365), orderingCost (orders × orderCost), totalCost, ordersPlaced.
                days 1–3650, runs 1–10000, 1–{MaxPolicies} policies, days × runs × policies ≤ {MaxSimulatedDays}.
                """);
    }

    private static async Task<IResult> Simulate(SimulationRequest request, SupplyDbContext db, PolicyFactsReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new InputErrors().Require(request.Sku, "sku", 64);
        if (request.Days is not (>= 1 and <= 3650))
        {
            errors.Add("days", "must be between 1 and 3650");
        }

        if (request.Runs is not (>= 1 and <= 10_000))
        {
            errors.Add("runs", "must be between 1 and 10000");
        }

        if (request.Seed is null)
        {
            errors.Add("seed", "is required: the same seed gives the same figures");
        }

        if (request.Policies is not { Count: >= 1 and <= MaxPolicies })
        {
            errors.Add("policies", $"give 1 to {MaxPolicies} policies");
        }

        for (var i = 0; i < (request.Policies?.Count ?? 0); i++)
        {
            var policy = request.Policies![i];
            if (policy?.ServiceLevel is not (> 0.5 and < 0.999))
            {
                errors.Add($"policies[{i}].serviceLevel", "must be between 0.5 and 0.999 (both excluded)");
            }

            if (policy?.ReviewPeriodDays is < 0 or > 365)
            {
                errors.Add($"policies[{i}].reviewPeriodDays", "must be between 0 (continuous review) and 365");
            }

            if (policy?.OrderQuantity is < 1)
            {
                errors.Add($"policies[{i}].orderQuantity", "must be 1 or more");
            }
        }

        if (!errors.Any && (long)request.Days!.Value * request.Runs!.Value * request.Policies!.Count > MaxSimulatedDays)
        {
            errors.Add("runs", $"days × runs × policies may be at most {MaxSimulatedDays}");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var sku = request.Sku!.ToUpperInvariant();
        if (await db.Skus.FindAsync([sku], cancellationToken) is null)
        {
            return SettingsEndpoints.UnknownSku(sku);
        }

        if ((await reader.Read([sku], cancellationToken)).SingleOrDefault() is not { } facts)
        {
            return InputErrors.Single("sku", $"{sku} has no supplier offer: there is no lead time or cost to simulate with");
        }

        var history = DemandStatistics.Daily(facts.Today.AddDays(-PolicyCalculator.ForecastHistoryDays), facts.Today.AddDays(-1), facts.DailyDemand, facts.StockoutDays)
            .SkipWhile(day => facts.KnownSince is { } since && day.Date < since)
            .Where(day => !day.Stockout).Select(day => day.Quantity).ToList();
        if (history.Count == 0)
        {
            return InputErrors.Single("sku", $"{sku} has no demand history to draw from; import some with POST /api/supply/demand-history");
        }

        var policyNow = PolicyCalculator.Compute(facts, clock.GetUtcNow().UtcDateTime);
        var leadTime = PolicyCalculator.LeadTimeOf(facts);
        var input = new SimulationInput(history, leadTime, policyNow.Inputs.UnitCost, facts.Settings.HoldingCostRate, facts.OrderCost, policyNow.Results.OrderQuantity,
            request.Days!.Value, request.Runs!.Value, request.Seed!.Value);
        var outcomes = PolicySimulator.Run(input, request.Policies!.Select(p => new SimulatedPolicy(p!.ServiceLevel!.Value, p.ReviewPeriodDays ?? 0, p.OrderQuantity)).ToList());
        return Results.Ok(new SimulationResult(sku, input.Days, input.Runs, input.Seed, history.Count, leadTime.Days, leadTime.StdDev, input.UnitCost,
            input.HoldingCostRate, input.OrderCost, outcomes));
    }
}
