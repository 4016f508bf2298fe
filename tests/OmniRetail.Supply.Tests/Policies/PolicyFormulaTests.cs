using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Tests.Policies;

/// <summary>The formulas against figures computed by hand (the issue's worked example and our own).</summary>
public sealed class PolicyFormulaTests
{
    [Fact]
    public void The_issues_worked_example_gives_safety_stock_69_30_reorder_point_209_30_and_eoq_854_4()
    {
        var z = PolicyFormulas.ServiceFactor(0.95);
        var demand = new DemandRate(20, 5);
        var leadTime = new LeadTime(7, 2, "stated");

        var safetyStock = PolicyFormulas.SafetyStock(z, demand, leadTime, reviewPeriodDays: 0);
        var eoq = PolicyFormulas.EconomicOrderQuantity(7300, 50, 0.25, [new PriceTier(0, 4m)]);

        z.ShouldBe(1.6449, 0.0001);
        safetyStock.ShouldBe(69.30, 0.01);
        PolicyFormulas.ReorderPoint(demand, leadTime, 0, safetyStock).ShouldBe(209.30, 0.01);
        eoq.Quantity.ShouldBe(854.4, 0.05);
    }

    [Fact]
    public void A_review_period_is_added_to_the_lead_time_in_both_safety_stock_and_reorder_point()
    {
        // d = 12, σd = 4, L = 5, σL = 1, R = 2, 90%: z = 1.28155; √(7·16 + 144·1) = √256 = 16; SS = 20.505; ROP = 12·7 + SS = 104.505.
        var z = PolicyFormulas.ServiceFactor(0.90);
        var demand = new DemandRate(12, 4);
        var leadTime = new LeadTime(5, 1, "stated");

        var safetyStock = PolicyFormulas.SafetyStock(z, demand, leadTime, reviewPeriodDays: 2);

        safetyStock.ShouldBe(20.505, 0.001);
        PolicyFormulas.ReorderPoint(demand, leadTime, 2, safetyStock).ShouldBe(104.505, 0.001);
    }

    [Fact]
    public void With_all_units_price_breaks_a_tier_whose_minimum_is_above_its_eoq_still_wins_when_its_annual_cost_is_lowest()
    {
        // D = 4380, S = 40, rate 0.2. Base 5.00: Q 591.95, cost 22,491.95. From 500 at 4.50: Q 623.97, cost 20,271.57.
        // From 1500 at 4.00: Q 661.8 raised to 1500, cost 17,520 + 116.80 + 600 = 18,236.80: the cheapest.
        var choice = PolicyFormulas.EconomicOrderQuantity(4380, 40, 0.2, [new PriceTier(0, 5m), new PriceTier(500, 4.5m), new PriceTier(1500, 4m)]);

        choice.Quantity.ShouldBe(1500);
        choice.UnitCost.ShouldBe(4.0);
        choice.AnnualCost.ShouldBe(18236.8, 0.01);
    }

    [Fact]
    public void A_price_break_that_needs_too_large_an_order_loses_to_the_tier_whose_own_eoq_it_reaches()
    {
        // As above, but the deepest break is 4.40 from 3000: cost 19,272 + 58.40 + 1,320 = 20,650.40 > 20,271.57 at 4.50.
        var choice = PolicyFormulas.EconomicOrderQuantity(4380, 40, 0.2, [new PriceTier(0, 5m), new PriceTier(500, 4.5m), new PriceTier(3000, 4.4m)]);

        choice.Quantity.ShouldBe(623.97, 0.01);
        choice.UnitCost.ShouldBe(4.5);
        choice.AnnualCost.ShouldBe(20271.57, 0.01);
    }

    [Theory]
    [InlineData(854.4, 0, 1, 855)]
    [InlineData(854.4, 0, 50, 900)]
    [InlineData(854.4, 1000, 50, 1000)]
    [InlineData(854.4, 1010, 48, 1056)]
    [InlineData(1500, 100, 48, 1536)]
    [InlineData(0, 0, 12, 12)]
    public void The_order_quantity_is_the_smallest_multiple_of_the_pack_size_at_least_the_eoq_and_the_minimum(double eoq, int minimum, int pack, int expected) =>
        PolicyFormulas.OrderQuantity(eoq, minimum, pack).ShouldBe(expected);

    [Theory]
    [InlineData(100, 209.3, 855, 855)]
    [InlineData(209.3, 209.3, 855, 855)]
    [InlineData(-900, 209.3, 500, 1500)]
    [InlineData(210, 209.3, 855, 0)]
    public void Replenishment_orders_the_smallest_multiple_of_the_order_quantity_that_lifts_the_position_above_the_reorder_point(
        double position, double reorderPoint, int orderQuantity, int expected) =>
        PolicyFormulas.ReplenishmentQuantity(position, reorderPoint, orderQuantity).ShouldBe(expected);

    [Fact]
    public void No_demand_means_no_economic_order_quantity_and_a_single_pack_at_most()
    {
        var choice = PolicyFormulas.EconomicOrderQuantity(0, 50, 0.25, [new PriceTier(0, 4m)]);

        choice.Quantity.ShouldBe(0);
        PolicyFormulas.OrderQuantity(choice.Quantity, 0, 6).ShouldBe(6);
    }

    [Fact]
    public void Demand_statistics_leave_stockout_days_out_and_count_days_without_orders_as_zero()
    {
        var first = new DateOnly(2026, 11, 1);
        var quantities = new Dictionary<DateOnly, double> { [first] = 10, [first.AddDays(1)] = 30, [first.AddDays(3)] = 2 };
        var stockouts = new HashSet<DateOnly> { first.AddDays(3) };

        var days = DemandStatistics.Daily(first, first.AddDays(4), quantities, stockouts);
        var rate = DemandStatistics.Rate(days);

        // Days counted: 10, 30, 0, 0 (the stockout day's 2 is left out): mean 10, sample σ = √((0 + 400 + 100 + 100) / 3) = 14.142.
        days.Count.ShouldBe(5);
        rate.Mean.ShouldBe(10);
        rate.StdDev.ShouldBe(14.142, 0.001);
    }
}
