using OmniRetail.Supply.Settings;

namespace OmniRetail.Supply.Policies;

/// <summary>Everything a SKU's policy is computed from, gathered by <see cref="PolicyRecompute"/>.</summary>
public sealed record PolicyFacts
{
    public required string Sku { get; init; }

    public required DateOnly Today { get; init; }

    public required PolicySettings Settings { get; init; }

    public required IReadOnlyDictionary<DateOnly, double> DailyDemand { get; init; }

    public required IReadOnlySet<DateOnly> StockoutDays { get; init; }

    /// <summary>The first day anything is known of the SKU (demand, an import, an arrival).</summary>
    public required DateOnly? KnownSince { get; init; }

    public required string Supplier { get; init; }

    public required string SupplierChoice { get; init; }

    public required LeadTime StatedLeadTime { get; init; }

    public required IReadOnlyList<double> ObservedLeadTimes { get; init; }

    public required double OrderCost { get; init; }

    public required IReadOnlyList<PriceTier> PriceTiers { get; init; }

    public required int MinOrderQuantity { get; init; }

    public required int PackSize { get; init; }

    public required int OnHand { get; init; }

    public required int InTransit { get; init; }

    public required int OnOrder { get; init; }

    public required int Reserved { get; init; }

    public required int Backordered { get; init; }

    public required int Available { get; init; }

    public required IReadOnlyList<StockArrival> Arrivals { get; init; }
}

/// <summary>A SKU's policy from its facts: plain arithmetic, no I/O (the formulas are in <see cref="PolicyFormulas"/>).</summary>
public static class PolicyCalculator
{
    /// <summary>Observed lead times replace the stated ones from this many fully received purchase orders.</summary>
    public const int ObservedLeadTimeMinimum = 3;

    /// <summary>The most recent fully received POs the observed lead time is taken from.</summary>
    public const int ObservedLeadTimeWindow = 12;

    public const int ForecastHistoryDays = 364;

    public static SkuPolicyView Compute(PolicyFacts facts, DateTime now)
    {
        var settings = facts.Settings;
        var windowTo = facts.Today.AddDays(-1);
        var windowFrom = facts.Today.AddDays(-settings.WindowDays);
        var window = DemandStatistics.Daily(windowFrom, windowTo, facts.DailyDemand, facts.StockoutDays);
        var history = DemandStatistics.Rate(window);

        var forecastFrom = facts.KnownSince is { } since && since > facts.Today.AddDays(-ForecastHistoryDays) ? since : facts.Today.AddDays(-ForecastHistoryDays);
        var forecast = DemandForecast.Forecast(forecastFrom > windowTo ? [] : DemandStatistics.Daily(forecastFrom, windowTo, facts.DailyDemand, facts.StockoutDays));
        var demand = forecast.BeatsSeasonalNaive ? history with { Mean = forecast.Mean } : history;

        var leadTime = LeadTimeOf(facts);
        var z = PolicyFormulas.ServiceFactor(settings.ServiceLevel);
        var safetyStock = PolicyFormulas.SafetyStock(z, demand, leadTime, settings.ReviewPeriodDays);
        var reorderPoint = PolicyFormulas.ReorderPoint(demand, leadTime, settings.ReviewPeriodDays, safetyStock);
        var annualDemand = PolicyFormulas.DaysPerYear * demand.Mean;
        var eoq = PolicyFormulas.EconomicOrderQuantity(annualDemand, facts.OrderCost, settings.HoldingCostRate, facts.PriceTiers);
        var orderQuantity = PolicyFormulas.OrderQuantity(eoq.Quantity, facts.MinOrderQuantity, facts.PackSize);
        var results = new PolicyResults(safetyStock, reorderPoint, eoq.Quantity, eoq.UnitCost, eoq.TierMinQuantity, eoq.AnnualCost, orderQuantity);

        var position = PolicyFormulas.Position(facts.OnHand, facts.OnOrder, facts.Reserved, facts.Backordered);
        var lastDemand = facts.DailyDemand.Where(day => day.Value > 0 && day.Key < facts.Today).Select(day => (DateOnly?)day.Key).Max();
        var positionView = new PositionView(
            facts.OnHand, facts.InTransit, facts.OnOrder, facts.Reserved, facts.Backordered, position, facts.Available,
            demand.Mean > 0 ? facts.Available / demand.Mean : null,
            facts.OnHand > 0 ? PolicyFormulas.DaysPerYear * history.Mean / facts.OnHand : null,
            StockAgeing.Of(facts.OnHand, facts.Arrivals, facts.Today), lastDemand);

        var alerts = AlertRules.Conditions(new AlertFacts(position, reorderPoint, eoq.Quantity, positionView.DaysOfSupply, leadTime.Days, facts.OnHand,
            lastDemand, facts.KnownSince, facts.Today, settings.DeadStockDays));
        var weekly = DemandStatistics.WeeklyTotals(facts.DailyDemand, facts.Today);
        var cv = DemandStatistics.CoefficientOfVariation(weekly);
        return new SkuPolicyView
        {
            Sku = facts.Sku, ComputedAt = now, Settings = settings,
            Inputs = new PolicyInputs
            {
                Supplier = facts.Supplier, SupplierChoice = facts.SupplierChoice, WindowFrom = windowFrom, WindowTo = windowTo,
                DaysCounted = window.Count(day => !day.Stockout), StockoutDaysExcluded = window.Count(day => day.Stockout),
                HistoricalDailyDemand = history.Mean, DailyDemand = demand.Mean, DailyDemandSource = forecast.BeatsSeasonalNaive ? "forecast" : "history",
                DailyDemandStdDev = demand.StdDev, LeadTimeDays = leadTime.Days, LeadTimeStdDevDays = leadTime.StdDev, LeadTimeSource = leadTime.Source,
                ReceivedPurchaseOrders = facts.ObservedLeadTimes.Count, ReviewPeriodDays = settings.ReviewPeriodDays, Z = z, AnnualDemand = annualDemand,
                OrderCost = facts.OrderCost, HoldingCostRate = settings.HoldingCostRate, UnitCost = facts.PriceTiers[0].UnitCost,
                PriceTiers = facts.PriceTiers, MinOrderQuantity = facts.MinOrderQuantity, PackSize = facts.PackSize,
            },
            Results = results,
            Forecast = new ForecastView("holt-winters-additive-damped-weekly", forecast.Next, forecast.Mean, "MASE", DemandForecast.Horizon, forecast.ModelError,
                forecast.SeasonalNaiveError, forecast.BeatsSeasonalNaive, forecast.Alpha, forecast.Beta, forecast.Gamma, forecast.Phi, forecast.Note),
            Classification = new ClassificationView { WeeklyTotals = weekly, WeeklyCoefficientOfVariation = cv },
            Position = positionView,
            Status = position <= reorderPoint ? "low" : alerts.Contains(AlertKinds.Overstock) ? "overstock" : "ok",
            Alerts = alerts,
        };
    }

    /// <summary>Observed from the last fully received POs once there are enough of them, the supplier's stated figures before.</summary>
    public static LeadTime LeadTimeOf(PolicyFacts facts)
    {
        var observed = facts.ObservedLeadTimes.TakeLast(ObservedLeadTimeWindow).ToArray();
        if (observed.Length < ObservedLeadTimeMinimum)
        {
            return facts.StatedLeadTime;
        }

        var rate = DemandStatistics.Rate(observed.Select((days, i) => new DemandDay(DateOnly.MinValue.AddDays(i), days, false)).ToList());
        return new LeadTime(rate.Mean, rate.StdDev, "observed");
    }

    /// <summary>ABC over every SKU with a policy, written into each policy's classification (XYZ is the SKU's own).</summary>
    public static List<SkuPolicyView> Classify(IReadOnlyList<SkuPolicyView> policies, ClassThresholds thresholds)
    {
        var abc = Classification.Abc(policies.ToDictionary(p => p.Sku, p => p.Inputs.AnnualDemand * p.Inputs.UnitCost), thresholds);
        return policies.Select(p => p with
        {
            Classification = p.Classification with
            {
                Abc = abc[p.Sku].Class, AnnualConsumptionValue = abc[p.Sku].AnnualValue, CumulativeShare = abc[p.Sku].CumulativeShare,
                Xyz = Classification.Xyz(p.Classification.WeeklyCoefficientOfVariation, thresholds),
            },
        }).ToList();
    }
}
