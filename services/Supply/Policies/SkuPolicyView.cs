using OmniRetail.Supply.Settings;

namespace OmniRetail.Supply.Policies;

/// <summary>A SKU's policy as the API shows it: every input it used and every result, so a user can check the figures.</summary>
public sealed record SkuPolicyView
{
    public required string Sku { get; init; }

    public required DateTime ComputedAt { get; init; }

    public required PolicySettings Settings { get; init; }

    public required PolicyInputs Inputs { get; init; }

    public required PolicyResults Results { get; init; }

    public required ForecastView Forecast { get; init; }

    public ClassificationView Classification { get; init; } = new();

    public required PositionView Position { get; init; }

    /// <summary>low (position ≤ ROP), overstock (position &gt; ROP + 2·EOQ) or ok.</summary>
    public required string Status { get; init; }

    /// <summary>The alert conditions that hold now (low-stock, stockout-risk, overstock, dead-stock).</summary>
    public required IReadOnlyList<string> Alerts { get; init; }
}

public sealed record PolicyInputs
{
    public required string Supplier { get; init; }

    /// <summary>offer marked preferred, or cheapest offer when none is.</summary>
    public required string SupplierChoice { get; init; }

    public required DateOnly WindowFrom { get; init; }

    public required DateOnly WindowTo { get; init; }

    public required int DaysCounted { get; init; }

    public required int StockoutDaysExcluded { get; init; }

    /// <summary>Mean daily demand over the window's days (stockout days excluded).</summary>
    public required double HistoricalDailyDemand { get; init; }

    /// <summary>d: the historical mean, or the forecast's mean when the forecast beats seasonal naive.</summary>
    public required double DailyDemand { get; init; }

    /// <summary>history or forecast.</summary>
    public required string DailyDemandSource { get; init; }

    /// <summary>σd: sample standard deviation of daily demand over the window (stockout days excluded).</summary>
    public required double DailyDemandStdDev { get; init; }

    public required double LeadTimeDays { get; init; }

    public required double LeadTimeStdDevDays { get; init; }

    /// <summary>observed (from at least 3 fully received POs of the supplier) or stated (the supplier's figures).</summary>
    public required string LeadTimeSource { get; init; }

    public required int ReceivedPurchaseOrders { get; init; }

    public required double ReviewPeriodDays { get; init; }

    public required double Z { get; init; }

    /// <summary>D = 365·d.</summary>
    public required double AnnualDemand { get; init; }

    /// <summary>S: the supplier's cost of placing one purchase order.</summary>
    public required double OrderCost { get; init; }

    public required double HoldingCostRate { get; init; }

    public required double UnitCost { get; init; }

    public required IReadOnlyList<PriceTier> PriceTiers { get; init; }

    public required int MinOrderQuantity { get; init; }

    public required int PackSize { get; init; }
}

public sealed record PolicyResults(
    double SafetyStock, double ReorderPoint, double Eoq, double EoqUnitCost, int EoqTierMinQuantity, double AnnualCost, int OrderQuantity);

public sealed record ForecastView(
    string Model, IReadOnlyList<double> Next, double Mean, string ErrorMetric, int BacktestDays, double? ModelError, double? SeasonalNaiveError,
    bool BeatsSeasonalNaive, double Alpha, double Beta, double Gamma, double Phi, string? Note);

public sealed record ClassificationView
{
    public string Abc { get; init; } = "C";

    /// <summary>D × unit cost.</summary>
    public double AnnualConsumptionValue { get; init; }

    /// <summary>The SKU's cumulative share of all SKUs' value, ranked descending, itself included.</summary>
    public double CumulativeShare { get; init; }

    public string Xyz { get; init; } = "Z";

    /// <summary>Sample σ ÷ mean of the last 12 complete ISO weeks' totals; null without demand.</summary>
    public double? WeeklyCoefficientOfVariation { get; init; }

    public IReadOnlyList<double> WeeklyTotals { get; init; } = [];
}

public sealed record PositionView(
    int OnHand, int InTransit, int OnOrder, int Reserved, int Backordered, int Position, int Available, double? DaysOfSupply, double? AnnualTurnover,
    AgeingBuckets Ageing, DateOnly? LastDemandOn);
