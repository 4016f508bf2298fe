using OmniRetail.Supply.Policies;
using OmniRetail.Supply.Simulation;

namespace OmniRetail.Supply.Tests.Replenishment;

public sealed class PolicySimulatorTests
{
    private static readonly double[] History = [12, 25, 18, 30, 9, 22, 15, 40, 11, 19, 27, 14, 21, 33, 8, 17, 24, 20, 16, 28];

    private static SimulationInput Input(int seed) => new(History, new LeadTime(7, 2, "stated"), 4, 0.25, 50, 400, Days: 365, Runs: 200, Seed: seed);

    private static readonly SimulatedPolicy[] Policies = [new(0.80, 0, null), new(0.99, 0, null), new(0.95, 7, 300)];

    [Fact]
    public void The_same_seed_gives_the_same_figures_and_another_seed_other_figures()
    {
        var first = PolicySimulator.Run(Input(7), Policies);
        var again = PolicySimulator.Run(Input(7), Policies);
        var other = PolicySimulator.Run(Input(8), Policies);

        again.ShouldBe(first);
        other[0].AverageOnHand.ShouldNotBe(first[0].AverageOnHand);
    }

    [Fact]
    public void A_higher_service_level_gives_a_higher_fill_rate_and_cycle_service_level_at_a_higher_holding_cost()
    {
        var outcomes = PolicySimulator.Run(Input(11), Policies);
        var low = outcomes[0];
        var high = outcomes[1];

        high.ReorderPoint.ShouldBeGreaterThan(low.ReorderPoint);
        high.FillRate.ShouldBeGreaterThan(low.FillRate);
        high.CycleServiceLevel.ShouldBeGreaterThan(low.CycleServiceLevel);
        high.StockoutDays.ShouldBeLessThan(low.StockoutDays);
        high.HoldingCost.ShouldBeGreaterThan(low.HoldingCost);
        high.CycleServiceLevel.ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void Costs_add_up_and_a_periodic_review_places_at_most_one_order_per_review()
    {
        var periodic = PolicySimulator.Run(Input(3), Policies)[2];

        periodic.OrderQuantity.ShouldBe(300);
        periodic.TotalCost.ShouldBe(periodic.HoldingCost + periodic.OrderingCost, 1e-9);
        periodic.OrderingCost.ShouldBe(periodic.OrdersPlaced * 50, 1e-9);
        periodic.OrdersPlaced.ShouldBeLessThanOrEqualTo(Math.Ceiling(365 / 7.0));
    }
}
