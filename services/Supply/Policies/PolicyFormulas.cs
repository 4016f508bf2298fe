using MathNet.Numerics.Distributions;

namespace OmniRetail.Supply.Policies;

/// <summary>
/// The inventory policy formulas, exactly as the policy endpoint documents them (README "Supply"). Days are the unit of
/// time throughout; annual figures use 365 days.
/// </summary>
public static class PolicyFormulas
{
    public const double DaysPerYear = 365;

    /// <summary>z = Φ⁻¹(service level), the standard normal quantile.</summary>
    public static double ServiceFactor(double serviceLevel) => Normal.InvCDF(0, 1, serviceLevel);

    /// <summary>SS = z·√((L+R)·σd² + d²·σL²).</summary>
    public static double SafetyStock(double z, DemandRate demand, LeadTime leadTime, double reviewPeriodDays) =>
        z * Math.Sqrt((leadTime.Days + reviewPeriodDays) * demand.StdDev * demand.StdDev + demand.Mean * demand.Mean * leadTime.StdDev * leadTime.StdDev);

    /// <summary>ROP = d·(L+R) + SS.</summary>
    public static double ReorderPoint(DemandRate demand, LeadTime leadTime, double reviewPeriodDays, double safetyStock) =>
        demand.Mean * (leadTime.Days + reviewPeriodDays) + safetyStock;

    /// <summary>
    /// EOQ with all-units price breaks: per tier Q = √(2DS / (rate·unitCost)), raised to the tier's minimum; the tier
    /// with the lowest annual cost D·unitCost + D·S/Q + rate·unitCost·Q/2 wins. No demand: nothing to order (Q = 0).
    /// </summary>
    public static EoqChoice EconomicOrderQuantity(double annualDemand, double orderCost, double holdingCostRate, IReadOnlyList<PriceTier> tiers)
    {
        EoqChoice? best = null;
        foreach (var tier in tiers.OrderBy(t => t.MinQuantity))
        {
            var quantity = annualDemand <= 0 ? 0 : Math.Sqrt(2 * annualDemand * orderCost / (holdingCostRate * tier.UnitCost));
            quantity = Math.Max(quantity, tier.MinQuantity);
            var annualCost = annualDemand * tier.UnitCost + (quantity > 0 ? annualDemand * orderCost / quantity : 0) + holdingCostRate * tier.UnitCost * quantity / 2;
            if (best is null || annualCost < best.AnnualCost)
            {
                best = new EoqChoice(quantity, tier.UnitCost, tier.MinQuantity, annualCost);
            }
        }

        return best ?? throw new ArgumentException("at least one price tier is needed", nameof(tiers));
    }

    /// <summary>The smallest multiple of the pack size that is ≥ max(EOQ, minimum order quantity), and at least one pack.</summary>
    public static int OrderQuantity(double eoq, int minOrderQuantity, int packSize)
    {
        var pack = Math.Max(1, packSize);
        var wanted = Math.Max(eoq, minOrderQuantity);
        return Math.Max(pack, (int)Math.Ceiling(wanted / pack - 1e-9) * pack);
    }

    /// <summary>position = on hand + on order − reserved − backordered.</summary>
    public static int Position(int onHand, int onOrder, int reserved, int backordered) => onHand + onOrder - reserved - backordered;

    /// <summary>The smallest multiple of the order quantity that lifts the position above the reorder point.</summary>
    public static int ReplenishmentQuantity(double position, double reorderPoint, int orderQuantity)
    {
        if (position > reorderPoint)
        {
            return 0;
        }

        var packs = (int)Math.Floor((reorderPoint - position) / orderQuantity) + 1;
        return packs * orderQuantity;
    }
}

/// <summary>d and σd: mean and sample standard deviation of daily demand.</summary>
public sealed record DemandRate(double Mean, double StdDev);

/// <summary>L and σL in days, and where they came from.</summary>
public sealed record LeadTime(double Days, double StdDev, string Source);

/// <summary>A price from <see cref="MinQuantity"/> units per order up (all units at that price).</summary>
public sealed record PriceTier(int MinQuantity, decimal UnitCostDecimal)
{
    public double UnitCost => (double)UnitCostDecimal;
}

public sealed record EoqChoice(double Quantity, double UnitCost, int TierMinQuantity, double AnnualCost);
