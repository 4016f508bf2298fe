using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Tests.Policies;

public sealed class AlertRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    /// <summary>ROP 205.8, EOQ 854.4, L 7 days, dead stock after 90 quiet days; the SKU known for a year, sold yesterday.</summary>
    private static AlertFacts Facts(double position, double? daysOfSupply = 20, int onHand = 100, DateOnly? lastDemand = null, DateOnly? knownSince = null) =>
        new(position, 205.8, 854.4, daysOfSupply, 7, onHand, lastDemand ?? Today.AddDays(-1), knownSince ?? Today.AddDays(-365), Today, 90);

    [Theory]
    [InlineData(205.8, new[] { "low-stock" })] // at the reorder point counts
    [InlineData(205.9, new string[0])]
    [InlineData(1914.6, new string[0])] // ROP + 2·EOQ exactly: not over
    [InlineData(1914.7, new[] { "overstock" })]
    public void Low_stock_is_at_or_below_the_reorder_point_and_overstock_above_it_plus_two_order_quantities(double position, string[] expected) =>
        AlertRules.Conditions(Facts(position)).ShouldBe(expected);

    [Theory]
    [InlineData(6.9, true)]
    [InlineData(7.0, false)]
    public void Stockout_risk_is_fewer_days_of_supply_than_the_lead_time(double daysOfSupply, bool risky) =>
        AlertRules.Conditions(Facts(500, daysOfSupply)).Contains(AlertKinds.StockoutRisk).ShouldBe(risky);

    [Fact]
    public void Without_demand_there_are_no_days_of_supply_to_run_out_of() =>
        AlertRules.Conditions(Facts(500, daysOfSupply: null)).ShouldNotContain(AlertKinds.StockoutRisk);

    [Fact]
    public void Dead_stock_is_stock_on_hand_with_no_demand_for_dead_stock_days_once_the_sku_has_been_known_that_long()
    {
        AlertRules.Conditions(Facts(500, lastDemand: Today.AddDays(-91))).ShouldContain(AlertKinds.DeadStock);
        AlertRules.Conditions(Facts(500, lastDemand: Today.AddDays(-90))).ShouldNotContain(AlertKinds.DeadStock);
        AlertRules.Conditions(Facts(500, onHand: 0, lastDemand: Today.AddDays(-200))).ShouldNotContain(AlertKinds.DeadStock);
        // Never sold, but only known for a month: too soon to call it dead.
        AlertRules.Conditions(new AlertFacts(500, 205.8, 854.4, null, 7, 100, null, Today.AddDays(-30), Today, 90)).ShouldNotContain(AlertKinds.DeadStock);
        AlertRules.Conditions(new AlertFacts(500, 205.8, 854.4, null, 7, 100, null, Today.AddDays(-120), Today, 90)).ShouldContain(AlertKinds.DeadStock);
    }
}
