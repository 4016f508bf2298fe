using OmniRetail.Supply.Policies;
using OmniRetail.Supply.Suppliers;

namespace OmniRetail.Supply.Settings;

/// <summary>The settings a SKU's policy is computed with; a SKU may override any of them.</summary>
public sealed record PolicySettings
{
    public double ServiceLevel { get; init; } = 0.95;

    /// <summary>Holding cost per year as a fraction of unit cost.</summary>
    public double HoldingCostRate { get; init; } = 0.25;

    /// <summary>R in days; 0 is continuous review.</summary>
    public int ReviewPeriodDays { get; init; }

    public int WindowDays { get; init; } = 90;

    public int DeadStockDays { get; init; } = 90;

    public static readonly PolicySettings Defaults = new();

    public PolicySettings With(SkuSettingsOverride? overrides) => overrides is null ? this : this with
    {
        ServiceLevel = overrides.ServiceLevel ?? ServiceLevel,
        HoldingCostRate = overrides.HoldingCostRate ?? HoldingCostRate,
        ReviewPeriodDays = overrides.ReviewPeriodDays ?? ReviewPeriodDays,
        WindowDays = overrides.WindowDays ?? WindowDays,
        DeadStockDays = overrides.DeadStockDays ?? DeadStockDays,
    };
}

public sealed record SkuSettingsOverride(double? ServiceLevel, double? HoldingCostRate, int? ReviewPeriodDays, int? WindowDays, int? DeadStockDays);

/// <summary>Everything PUT /api/supply/settings sets: the policy defaults and the thresholds that apply to all SKUs and suppliers.</summary>
public sealed record SupplySettings
{
    public PolicySettings Defaults { get; init; } = PolicySettings.Defaults;

    public ClassThresholds Classes { get; init; } = new();

    public RiskThresholds SupplierRisk { get; init; } = new();
}

/// <summary>The one row holding the global settings.</summary>
public sealed class GlobalSettingsRecord
{
    public const int OnlyId = 1;

    public int Id { get; init; } = OnlyId;

    public required SupplySettings Value { get; set; }
}

public sealed class SkuSettingsRecord
{
    public required string Sku { get; init; }

    public required SkuSettingsOverride Value { get; set; }
}
