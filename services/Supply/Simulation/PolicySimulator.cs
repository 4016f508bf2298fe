using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using OmniRetail.Supply.Policies;

namespace OmniRetail.Supply.Simulation;

public sealed record SimulatedPolicy(double ServiceLevel, int ReviewPeriodDays, int? OrderQuantity);

public sealed record SimulationInput(
    IReadOnlyList<double> DemandHistory, LeadTime LeadTime, double UnitCost, double HoldingCostRate, double OrderCost, int DefaultOrderQuantity,
    int Days, int Runs, int Seed);

public sealed record SimulationOutcome(
    SimulatedPolicy Policy, double ReorderPoint, int OrderQuantity, double FillRate, double CycleServiceLevel, double StockoutDays,
    double AverageOnHand, double HoldingCost, double OrderingCost, double TotalCost, double OrdersPlaced);

/// <summary>
/// Monte Carlo of a SKU's stock under each policy, day by day: demand drawn from the SKU's history (bootstrap), lead
/// times from a normal with the supplier's L and σL (rounded to days, at least 1). Demand that finds no stock is lost.
/// Every policy meets the same days of demand and the same lead times (one random stream per run, shared), so the
/// differences between them are the policies', not the dice's; the same seed gives the same figures.
/// </summary>
/// <remarks>
/// A policy is (service level, review period R, order quantity Q): its reorder point is computed by
/// <see cref="PolicyFormulas"/> from the history's d and σd; every R days (daily when R = 0) an order of the smallest
/// multiple of Q that lifts on hand + on order above the reorder point is placed. Each run starts with ROP + Q on hand.
/// A replenishment cycle runs from one delivery to the next; the cycle service level is the share of cycles without a
/// stockout.
/// </remarks>
public static class PolicySimulator
{
    public static IReadOnlyList<SimulationOutcome> Run(SimulationInput input, IReadOnlyList<SimulatedPolicy> policies)
    {
        var demand = DemandStatistics.Rate(input.DemandHistory.Select((q, i) => new DemandDay(DateOnly.MinValue.AddDays(i), q, false)).ToList());
        var scenarios = Enumerable.Range(0, input.Runs).Select(run => Scenario.Draw(input, run)).ToList();
        return policies.Select(policy => Simulate(input, demand, policy, scenarios)).ToList();
    }

    private static SimulationOutcome Simulate(SimulationInput input, DemandRate demand, SimulatedPolicy policy, IReadOnlyList<Scenario> scenarios)
    {
        var z = PolicyFormulas.ServiceFactor(policy.ServiceLevel);
        var reorderPoint = PolicyFormulas.ReorderPoint(demand, input.LeadTime, policy.ReviewPeriodDays,
            PolicyFormulas.SafetyStock(z, demand, input.LeadTime, policy.ReviewPeriodDays));
        var quantity = Math.Max(1, policy.OrderQuantity ?? input.DefaultOrderQuantity);
        double fill = 0, cycleService = 0, stockoutDays = 0, onHandSum = 0, orders = 0;
        foreach (var scenario in scenarios)
        {
            var result = scenario.Play(reorderPoint, quantity, policy.ReviewPeriodDays);
            fill += result.Demanded == 0 ? 1 : result.Served / result.Demanded;
            cycleService += result.Cycles == 0 ? 1 : 1 - result.CyclesWithStockout / (double)result.Cycles;
            stockoutDays += result.StockoutDays;
            onHandSum += result.AverageOnHand;
            orders += result.Orders;
        }

        var runs = scenarios.Count;
        var averageOnHand = onHandSum / runs;
        var holding = averageOnHand * input.UnitCost * input.HoldingCostRate * input.Days / PolicyFormulas.DaysPerYear;
        var ordering = orders / runs * input.OrderCost;
        return new SimulationOutcome(policy, reorderPoint, quantity, fill / runs, cycleService / runs, stockoutDays / runs, averageOnHand,
            holding, ordering, holding + ordering, orders / runs);
    }

    private sealed record Outcome(double Demanded, double Served, int Cycles, int CyclesWithStockout, int StockoutDays, double AverageOnHand, int Orders);

    /// <summary>One run's dice: the demand of every day and the lead time of the k-th order.</summary>
    private sealed record Scenario(double[] Demand, int[] LeadTimes)
    {
        public static Scenario Draw(SimulationInput input, int run)
        {
            var random = new MersenneTwister(unchecked(input.Seed * 7919 + run), threadSafe: false);
            var history = input.DemandHistory.Count == 0 ? [0.0] : input.DemandHistory;
            var demand = Enumerable.Range(0, input.Days).Select(_ => history[random.Next(history.Count)]).ToArray();
            // An order a day at most, so there are never more lead times needed than days.
            var leadTimes = Enumerable.Range(0, input.Days).Select(_ =>
                Math.Max(1, (int)Math.Round(input.LeadTime.StdDev > 0 ? Normal.Sample(random, input.LeadTime.Days, input.LeadTime.StdDev) : input.LeadTime.Days)))
                .ToArray();
            return new Scenario(demand, leadTimes);
        }

        public Outcome Play(double reorderPoint, int quantity, int reviewPeriodDays)
        {
            var onHand = reorderPoint + quantity;
            var arriving = new Dictionary<int, double>();
            double onOrder = 0, demanded = 0, served = 0, onHandDays = 0;
            int orders = 0, cycles = 0, cyclesWithStockout = 0, stockoutDays = 0;
            var stockoutThisCycle = false;
            for (var day = 0; day < Demand.Length; day++)
            {
                if (arriving.Remove(day, out var delivered))
                {
                    onHand += delivered;
                    onOrder -= delivered;
                    cycles++;
                    cyclesWithStockout += stockoutThisCycle ? 1 : 0;
                    stockoutThisCycle = false;
                }

                var sold = Math.Min(onHand, Demand[day]);
                demanded += Demand[day];
                served += sold;
                onHand -= sold;
                if (sold < Demand[day])
                {
                    stockoutDays++;
                    stockoutThisCycle = true;
                }

                if ((reviewPeriodDays <= 0 || day % reviewPeriodDays == 0) && onHand + onOrder <= reorderPoint)
                {
                    var order = PolicyFormulas.ReplenishmentQuantity(onHand + onOrder, reorderPoint, quantity);
                    var due = day + LeadTimes[orders];
                    arriving[due] = arriving.GetValueOrDefault(due) + order;
                    onOrder += order;
                    orders++;
                }

                onHandDays += onHand;
            }

            // The cycle still running at the end counts if it already ran short.
            if (stockoutThisCycle)
            {
                cycles++;
                cyclesWithStockout++;
            }

            return new Outcome(demanded, served, cycles, cyclesWithStockout, stockoutDays, onHandDays / Math.Max(1, Demand.Length), orders);
        }
    }
}
