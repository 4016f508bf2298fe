namespace OmniRetail.Supply.Policies;

public static class AlertKinds
{
    public const string LowStock = "low-stock";
    public const string StockoutRisk = "stockout-risk";
    public const string Overstock = "overstock";
    public const string DeadStock = "dead-stock";

    public static readonly IReadOnlyList<string> All = [LowStock, StockoutRisk, Overstock, DeadStock];
}

public sealed record AlertFacts(
    double Position, double ReorderPoint, double Eoq, double? DaysOfSupply, double LeadTimeDays, int OnHand, DateOnly? LastDemandOn,
    DateOnly? KnownSince, DateOnly Today, int DeadStockDays);

/// <summary>When a SKU needs someone's attention. Each condition is raised once when it starts and cleared when it ends.</summary>
public static class AlertRules
{
    /// <summary>
    /// low-stock: position ≤ ROP. stockout-risk: days of supply &lt; L. overstock: position &gt; ROP + 2·EOQ. dead-stock: on
    /// hand &gt; 0 and no demand for deadStockDays (only once OmniRetail has known the SKU that long).
    /// </summary>
    public static IReadOnlyList<string> Conditions(AlertFacts facts)
    {
        var conditions = new List<string>();
        if (facts.Position <= facts.ReorderPoint)
        {
            conditions.Add(AlertKinds.LowStock);
        }

        if (facts.DaysOfSupply < facts.LeadTimeDays)
        {
            conditions.Add(AlertKinds.StockoutRisk);
        }

        if (facts.Position > facts.ReorderPoint + 2 * facts.Eoq)
        {
            conditions.Add(AlertKinds.Overstock);
        }

        var quietSince = facts.Today.AddDays(-facts.DeadStockDays);
        if (facts.OnHand > 0 && facts.KnownSince <= quietSince && (facts.LastDemandOn is null || facts.LastDemandOn < quietSince))
        {
            conditions.Add(AlertKinds.DeadStock);
        }

        return conditions;
    }

    /// <summary>The figures behind a condition, in words a buyer can check against the policy.</summary>
    public static string Describe(string kind, SkuPolicyView view) => kind switch
    {
        AlertKinds.LowStock => $"position {view.Position.Position} ≤ reorder point {view.Results.ReorderPoint:0.##}",
        AlertKinds.StockoutRisk => $"{view.Position.DaysOfSupply:0.#} days of supply < lead time {view.Inputs.LeadTimeDays:0.#} days",
        AlertKinds.Overstock => $"position {view.Position.Position} > reorder point {view.Results.ReorderPoint:0.##} + 2 × EOQ {view.Results.Eoq:0.##}",
        AlertKinds.DeadStock => $"{view.Position.OnHand} on hand and no demand since {view.Position.LastDemandOn?.ToString("yyyy-MM-dd") ?? "ever"}",
        _ => kind,
    };
}
